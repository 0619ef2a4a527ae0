import { describe, expect, it } from 'vitest';
import { logTail } from '../../../shared/domain/pipeline';
import { cleanJobLogLine, jobToShow } from '../../../electron/providers/github/mapper';
import { cleanTraceLine } from '../../../electron/providers/gitlab/mapper';

describe('logTail', () => {
  it('keeps the last lines, oldest first, and counts them all', () => {
    const text = Array.from({ length: 100 }, (_, index) => `line ${index + 1}`).join('\n');
    expect(logTail(`${text}\n`, 3)).toEqual({ lines: ['line 98', 'line 99', 'line 100'], totalLines: 100 });
    expect(logTail('one\r\ntwo\n\n\n', 10)).toEqual({ lines: ['one', 'two'], totalLines: 2 });
  });

  it('drops colour codes and shows what a carriage return left on the line', () => {
    expect(logTail('\u001b[32;1mok\u001b[0;m\nprogress 10%\rprogress 100%\ndone\r\n', 10).lines).toEqual(['ok', 'progress 100%', 'done']);
  });
});

describe('GitHub Actions job log lines', () => {
  it.each([
    ['2026-01-06T14:02:11.1234567Z Syncing repository: acme/db-ops', 'Syncing repository: acme/db-ops'],
    ['2026-01-06T14:02:11.1234567Z ##[group]Run ./scripts/restore-backup.sh', 'Run ./scripts/restore-backup.sh'],
    ['2026-01-06T14:02:11.1234567Z ##[endgroup]', null],
    ['2026-01-06T14:02:11.1234567Z ##[error]Process completed with exit code 1.', 'Error: Process completed with exit code 1.'],
    ['2026-01-06T14:02:11.1234567Z ##[warning]The process /usr/bin/git failed', 'Warning: The process /usr/bin/git failed'],
    ['2026-01-06T14:02:11.1234567Z ##[debug]Evaluating: secrets.TOKEN', null],
    ['\uFEFF2026-01-06T14:02:11.1234567Z Current runner version', 'Current runner version'],
    ['no time on this line', 'no time on this line'],
  ])('%j -> %j', (line, expected) => {
    expect(cleanJobLogLine(line)).toBe(expected);
  });

  it('shows the job that failed, else the one that timed out or was cancelled, else the last', () => {
    const job = (id: number, conclusion: string | null) => ({ id, name: `j${id}`, status: 'completed', conclusion, html_url: null });
    expect(jobToShow([job(1, 'success'), job(2, 'cancelled'), job(3, 'failure')])?.id).toBe(3);
    expect(jobToShow([job(1, 'success'), job(2, 'timed_out'), job(3, 'cancelled')])?.id).toBe(2);
    expect(jobToShow([job(1, 'success'), job(2, 'success')])?.id).toBe(2);
    expect(jobToShow([])).toBeNull();
  });
});

describe('GitLab trace lines', () => {
  it('drops collapsible section markers', () => {
    const trace =
      'section_start:1767708131:step_script\r\u001b[0K\u001b[0K\u001b[36;1mExecuting "step_script" stage\u001b[0;m\n$ ./apply-rule.sh\nsection_end:1767708140:step_script\r\u001b[0K\n\n\u001b[31;1mERROR: Job failed: exit code 1\u001b[0;m\n';
    expect(logTail(trace, 10, cleanTraceLine).lines).toEqual([
      'Executing "step_script" stage',
      '$ ./apply-rule.sh',
      '',
      'ERROR: Job failed: exit code 1',
    ]);
    expect(cleanTraceLine('section_start:1767708131:prepare_executor[collapsed=true]')).toBeNull();
  });
});
