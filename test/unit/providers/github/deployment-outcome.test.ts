/**
 * A GitHub deployment's result by its statuses (providers/github/mapper.ts
 * deploymentOutcome): the latest decides; an inactive status after a success (a newer
 * deployment to the same environment succeeded) still reads as that success.
 */
import { describe, expect, it } from 'vitest';
import { deploymentOutcome } from '../../../../electron/providers/github/mapper';

const status = (id: number, state: string, at: string) => ({ id, state, created_at: `2026-12-06T${at}:00Z` });

describe('deploymentOutcome', () => {
  it('ends on success, failure or error, whatever order the statuses are listed in', () => {
    expect(deploymentOutcome([status(2, 'success', '10:05'), status(1, 'in_progress', '10:00')])).toMatchObject({ conclusion: 'success' });
    expect(deploymentOutcome([status(1, 'in_progress', '10:00'), status(2, 'error', '10:05')])).toMatchObject({ conclusion: 'failure' });
    // Equal times: the higher id is the later one.
    expect(deploymentOutcome([status(3, 'failure', '10:05'), status(4, 'success', '10:05')])).toMatchObject({ conclusion: 'success' });
  });

  it('reads a success later made inactive as that success; inactive alone, queued or none has not ended', () => {
    expect(deploymentOutcome([status(1, 'success', '10:00'), status(2, 'inactive', '11:00')])).toEqual({
      status: 'completed',
      conclusion: 'success',
      vendorStatus: 'success (inactive since)',
    });
    expect(deploymentOutcome([status(1, 'inactive', '10:00')])).toMatchObject({
      status: 'in_progress',
      conclusion: null,
      vendorStatus: 'inactive',
    });
    expect(deploymentOutcome([status(1, 'queued', '10:00')])).toMatchObject({ status: 'queued', conclusion: null });
    expect(deploymentOutcome([])).toMatchObject({ status: 'queued', vendorStatus: 'pending (no status yet)' });
  });
});
