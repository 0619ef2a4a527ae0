// The one place a contract request is served (IPC and HTTP alike): what each outcome becomes.
import { describe, expect, it, vi } from 'vitest';
import { ContractFailure } from '../../../shared/contract';
import { ProviderError } from '../../../electron/engine/ports';
import { serveRequest } from '../../../electron/host/serve-request';
import { createFakeEngine, snapshot } from '../main/fake-engine';

describe('serveRequest', () => {
  const cases: [string, () => Promise<unknown>, unknown, boolean][] = [
    [
      'a good answer, stripped of fields the contract does not know',
      () => Promise.resolve({ ...snapshot, internalToken: 'sk' }),
      { ok: true, value: snapshot },
      false,
    ],
    [
      'a ContractFailure: its code and words',
      () => Promise.reject(new ContractFailure('not_found', 'No such incident Q9.')),
      { ok: false, error: { code: 'not_found', message: 'No such incident Q9.' } },
      false,
    ],
    [
      "a vendor's refusal: upstream, in the vendor's words",
      () => Promise.reject(new ProviderError('auth', 'PagerDuty rejected the token (401)')),
      { ok: false, error: { code: 'upstream', message: 'PagerDuty rejected the token (401)' } },
      false,
    ],
    [
      'anything else: internal, logged, nothing of it shown',
      () => Promise.reject(new Error('token=SECRET at engine.ts:12')),
      { ok: false, error: { code: 'internal', message: "getSnapshot failed unexpectedly; the details are in the console's log." } },
      true,
    ],
    [
      'an answer that breaks the contract: internal',
      () => Promise.resolve({ seq: -1 }),
      { ok: false, error: { code: 'internal', message: expect.stringContaining('invalid response') } },
      true,
    ],
  ];
  it.each(cases)('%s', async (_, answer, expected, logged) => {
    const engine = createFakeEngine();
    engine.getSnapshot.mockImplementationOnce(answer);
    const log = vi.fn<(line: string) => void>();
    expect(await serveRequest(engine, 'getSnapshot', {}, log)).toEqual(expected);
    expect(log).toHaveBeenCalledTimes(logged ? 1 : 0);
  });

  it('refuses bad input with bad_request naming the field, without calling the engine', async () => {
    const engine = createFakeEngine();
    const result = await serveRequest(engine, 'submitAction', { kind: 'acknowledge', incidentIds: [] }, () => undefined);
    expect(result).toEqual({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('incidentIds') } });
    expect(engine.submitAction).not.toHaveBeenCalled();
  });
});
