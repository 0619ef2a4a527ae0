/**
 * The queue's status badge: the status in words with its icon, and a status change redraws
 * the icon in place (the same <svg>, its paths rewritten) rather than replacing it, which a
 * live update does for dozens of rows at once.
 */
import { describe, expect, test } from 'vitest';
import { render } from '@testing-library/react';
import { __iconNode as triangle } from '@tabler/icons-react/icons/IconAlertTriangle';
import { __iconNode as userCheck } from '@tabler/icons-react/icons/IconUserCheck';
import { StatusBadge } from '../../../../../renderer/src/features/incidents/status-label';

const drawn = (svg: Element) => [...svg.querySelectorAll('path')].map((path) => path.getAttribute('d'));
const paths = (node: typeof triangle) => node.map(([, attrs]) => attrs.d);

describe('StatusBadge', () => {
  test('says the status and draws its icon, hidden from screen readers', () => {
    const { container } = render(<StatusBadge status="triggered" />);
    const badge = container.querySelector('.status-badge')!;
    expect(badge.getAttribute('data-status')).toBe('triggered');
    expect(badge.textContent).toBe('Triggered');
    const svg = badge.querySelector('svg')!;
    expect(svg.getAttribute('aria-hidden')).toBe('true');
    expect(drawn(svg)).toEqual(paths(triangle));
  });

  test('an acknowledge rewrites the same icon: no new <svg>', () => {
    const { container, rerender } = render(<StatusBadge status="triggered" />);
    const before = container.querySelector('.status-badge svg')!;
    rerender(<StatusBadge status="acknowledged" />);
    const after = container.querySelector('.status-badge svg')!;
    expect(after).toBe(before);
    expect(drawn(after)).toEqual(paths(userCheck));
    expect(container.querySelector('.status-badge')!.textContent).toBe('Acknowledged');
  });
});
