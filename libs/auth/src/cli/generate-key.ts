/*
 * `npm run auth:generate-key [-- <kid>]`: prints a new private Ed25519 JWK. Put it FIRST in the
 * AUTH_SIGNING_KEYS array to sign with it (keep the old keys after it until every token they
 * signed has expired), e.g. AUTH_SIGNING_KEYS='[<new>, <old>]'.
 */
import { generateSigningJwk } from '../keys.js';

const kid = process.argv[2];
process.stdout.write(`${JSON.stringify(await generateSigningJwk(kid))}\n`);
