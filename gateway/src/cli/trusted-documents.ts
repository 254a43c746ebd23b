// The trusted documents manifest (see trusted-documents.ts):
//   tsx gateway/src/cli/trusted-documents.ts add <client-manifest.json>...   register operations
//   tsx gateway/src/cli/trusted-documents.ts check                           validate every entry
import { readFileSync } from 'node:fs';
import { config } from '@schools24/config';
import { limitSettings, OperationLimits } from '@schools24/graphql';
import { TRUSTED_DOCUMENTS_PATH } from '../protection.js';
import {
  mergeManifest,
  readClientManifest,
  readManifest,
  trustedDocumentProblems,
  writeManifest,
} from '../trusted-documents.js';

const [command, ...files] = process.argv.slice(2);
const cfg = config();
const path = cfg.TRUSTED_DOCUMENTS_PATH ?? TRUSTED_DOCUMENTS_PATH;
const limits = new OperationLimits(limitSettings(cfg));

function fail(lines: string[]): never {
  process.stderr.write(`${lines.join('\n')}\n`);
  process.exit(1);
}

if (command === 'add' && files.length > 0) {
  const additions = files.flatMap((file) => readClientManifest(readFileSync(file, 'utf8'), file));
  const problems = trustedDocumentProblems(additions, limits);
  if (problems.length > 0) fail(['Not registered; fix these operations first:', ...problems]);
  const { manifest, added } = mergeManifest(readManifest(path), additions);
  writeManifest(path, manifest);
  process.stdout.write(
    `${path}: ${added.length} added (${added.map((operation) => operation.name).join(', ') || 'none'}), ` +
      `${manifest.operations.length} registered\n`,
  );
} else if (command === 'check') {
  const { operations } = readManifest(path);
  const problems = trustedDocumentProblems(operations, limits);
  if (problems.length > 0) fail([`${path}:`, ...problems]);
  process.stdout.write(`${path}: ${operations.length} registered operations, all valid\n`);
} else {
  fail(['usage: tsx gateway/src/cli/trusted-documents.ts add <client-manifest.json>... | check']);
}
