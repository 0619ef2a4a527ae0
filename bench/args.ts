/**
 * The benchmark's command line: which scenarios to run, how thoroughly, and where the
 * JSON goes. Parsing is strict; a mistake is reported in one line that says what to fix.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { errorText } from '../shared/error-text';

export const SCENARIOS = [
  'load',
  'idle',
  'detection',
  'render',
  'memory',
  'shared',
  'faults',
  'change',
  'delivery',
  'splunk-on-call',
  'host-memory',
  'detail',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export const USAGE = `Usage: npm run bench -- [options]

Measures the incident queue against the PagerDuty simulator, the specialist
requests' shared record and the change gate against the ServiceNow simulator,
the delivery figures against the GitHub, GitLab and Jenkins simulators, and
Splunk On-Call beside PagerDuty against its simulator, on 127.0.0.1.

Options:
  --quick          fewer runs and samples (about two minutes; for development)
  --only LIST      comma-separated scenarios to run: ${SCENARIOS.join(', ')} (default: all)
  --out FILE       where to write the JSON results (default: bench-results.json)
  --no-build       never build the renderer, even if out/renderer is missing or stale
  --help           show this help`;

const Options = z.object({
  quick: z.boolean(),
  build: z.boolean(),
  out: z.string().trim().min(1, '--out needs a file name, e.g. --out bench-results.json'),
  only: z
    .array(
      z.enum(SCENARIOS, { error: (issue) => `--only: unknown scenario "${String(issue.input)}" (choose from ${SCENARIOS.join(', ')})` }),
    )
    .min(1, `--only needs at least one scenario (choose from ${SCENARIOS.join(', ')})`),
});
export type BenchOptions = z.infer<typeof Options>;

/** Turns argv into options; throws with a message that says what to fix. */
export function parseBenchArgs(argv: string[]): BenchOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        quick: { type: 'boolean', default: false },
        'no-build': { type: 'boolean', default: false },
        out: { type: 'string', default: 'bench-results.json' },
        only: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new Error(`${errorText(error)}\n\n${USAGE}`, { cause: error });
  }
  if (parsed.values.help) return 'help';
  const only = parsed.values.only
    ? parsed.values.only
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean)
    : [...SCENARIOS];
  const unique = [...new Set(only)];
  const result = Options.safeParse({ quick: parsed.values.quick, build: !parsed.values['no-build'], out: parsed.values.out, only: unique });
  if (!result.success) throw new Error(result.error.issues.map((issue) => issue.message).join('; '));
  return result.data;
}
