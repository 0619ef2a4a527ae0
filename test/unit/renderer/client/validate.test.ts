import { describe, expect, it } from 'vitest';
import { parseConsoleEvent, parseErrorBody, parseOutput } from '../../../../renderer/src/client/validate';
import { ConsoleClientError } from '../../../../renderer/src/client/console-client-error';
import { incident, snapshot } from '../fixtures';

describe('parseOutput', () => {
  it('accepts an output that matches the contract', () => {
    expect(parseOutput('getSnapshot', snapshot({ incidents: [incident('A')] })).incidents[0]!.id).toBe('A');
  });
  it('throws invalid_response naming the request and the wrong field', () => {
    const bad = { ...snapshot(), seq: 'one' };
    expect(() => parseOutput('getSnapshot', bad)).toThrow(ConsoleClientError);
    expect(() => parseOutput('getSnapshot', bad)).toThrow(/getSnapshot.*seq/);
  });
});

describe('parseConsoleEvent', () => {
  it('accepts a valid event', () => {
    const event = parseConsoleEvent({ name: 'incidentsChanged', payload: { seq: 1, upserted: [incident('A')], removedIds: [] } });
    expect(event.name).toBe('incidentsChanged');
  });
  it('rejects unknown event names and bad payloads with what is wrong', () => {
    expect(() => parseConsoleEvent({ name: 'somethingElse', payload: {} })).toThrow(/unknown type "somethingElse"/);
    expect(() => parseConsoleEvent({ name: 'incidentsChanged', payload: { seq: 0, upserted: [], removedIds: [] } })).toThrow(
      /incidentsChanged.*seq/,
    );
    expect(() => parseConsoleEvent('nope')).toThrow(/not an object/);
  });
});

describe('parseErrorBody', () => {
  it('reads the contract error shape and nothing else', () => {
    expect(parseErrorBody({ error: { code: 'not_found', message: 'No incident X' } })).toEqual({
      code: 'not_found',
      message: 'No incident X',
    });
    expect(parseErrorBody({ error: 'x' })).toBeNull();
    expect(parseErrorBody(null)).toBeNull();
  });
});
