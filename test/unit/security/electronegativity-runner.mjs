// Runs Doyensec's Electronegativity (its programmatic API) over one folder in a child
// process of the security test, with the network cut off: the tool fetches translations
// and Electron's release list at run time, which this machine must not do, so `got` is
// replaced by a stub that fails at once and any socket connect throws. Writes JSON to the
// output file: the findings still in force, the files it could not parse, and every
// inline `eng-disable` suppression it honoured (check id and the suppressing line).
// Usage: node electronegativity-runner.mjs <input dir> <output.json> <electron version> <excluded checks, comma-separated>
import { writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import net from 'node:net';

const [input, output, electronVersion, excluded = ''] = process.argv.slice(2);
if (!input || !output || !electronVersion) {
  console.error('Usage: node electronegativity-runner.mjs <input dir> <output.json> <electron version> [excluded checks]');
  process.exit(2);
}

const offline = () => Promise.reject(new Error('network access is disabled in the Electronegativity run'));
offline.head = offline;
offline.get = offline;
const load = Module._load;
Module._load = function loadWithoutGot(request, ...rest) {
  return request === 'got' ? offline : load.call(this, request, ...rest);
};
net.Socket.prototype.connect = function refuseConnect() {
  throw new Error('network access is disabled in the Electronegativity run');
};

const requireFromHere = createRequire(import.meta.url);
const suppressions = [];
const exceptions = requireFromHere('@doyensec/electronegativity/dist/util/exceptions');
const isDisabledByInlineComment = exceptions.isDisabledByInlineComment;
exceptions.isDisabledByInlineComment = function recordSuppression(firstLine, line, check, sourceType) {
  const result = isDisabledByInlineComment(firstLine, line, check, sourceType);
  if (result.inlineDisabled) suppressions.push({ id: check.id, line });
  for (const id of result.excludesGlobal) suppressions.push({ id, line });
  return result;
};
const run = requireFromHere('@doyensec/electronegativity');

const result = await run({
  input,
  isRelative: true,
  electronVersionOverride: electronVersion,
  excludeFromScan: excluded.split(',').filter(Boolean),
});
writeFileSync(
  output,
  JSON.stringify({
    checks: { global: result.globalChecks, atomic: result.atomicChecks },
    parseErrors: result.errors.map((error) => ({ file: error.file, message: error.message, tolerable: Boolean(error.tolerable) })),
    findings: result.issues.map((issue) => ({
      id: issue.id,
      file: issue.file,
      line: issue.location?.line ?? 0,
      sample: issue.sample ?? '',
      description: issue.description,
      severity: issue.severity?.name ?? 'UNKNOWN',
      confidence: issue.confidence?.name ?? 'UNKNOWN',
      url: issue.shortenedURL ?? '',
    })),
    suppressions,
  }),
);
