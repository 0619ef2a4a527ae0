import { beforeEach, describe, expect, it } from 'vitest';
import { isTypingSurfaceOpen, useActionUi } from '../../../../renderer/src/features/actions/action-store';

describe('the action UI store', () => {
  beforeEach(() => {
    useActionUi.setState({ dialog: null, paletteOpen: false, helpOpen: false, onCallOpen: false, typeahead: '' });
  });

  it('keeps the incident ids a dialog was opened for, as a copy', () => {
    const ids = ['A', 'B'];
    useActionUi.getState().openDialog('reassign', ids);
    ids.push('C');
    expect(useActionUi.getState().dialog).toEqual({ kind: 'reassign', incidentIds: ['A', 'B'] });
  });

  it('hands early typing over once, and forgets it when a new surface opens', () => {
    const ui = useActionUi.getState();
    ui.setPaletteOpen(true);
    ui.appendTypeahead('m');
    ui.appendTypeahead('e');
    expect(useActionUi.getState().takeTypeahead()).toBe('me');
    expect(useActionUi.getState().takeTypeahead()).toBe('');
    ui.appendTypeahead('x');
    ui.openDialog('addNote', ['A']);
    expect(useActionUi.getState().typeahead).toBe('');
  });

  it('counts the palette and the resolve, note and major incident dialogs as typing surfaces', () => {
    expect(isTypingSurfaceOpen({ paletteOpen: true, dialog: null })).toBe(true);
    expect(isTypingSurfaceOpen({ paletteOpen: false, dialog: { kind: 'declareMajor', incidentIds: ['A'] } })).toBe(true);
    expect(isTypingSurfaceOpen({ paletteOpen: false, dialog: { kind: 'addNote', incidentIds: ['A'] } })).toBe(true);
    expect(isTypingSurfaceOpen({ paletteOpen: false, dialog: { kind: 'snooze', incidentIds: ['A'] } })).toBe(false);
    expect(isTypingSurfaceOpen({ paletteOpen: false, dialog: null })).toBe(false);
  });
});
