// The demo record, changed: tampered variants that name the check that must catch them, and
// forks of the board's checkpoint (served by servers.mjs's serveTampered).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { canonicalJson, checkpointText, resignCheckpoint, sealAsAuthority, signCheckpointAsAuthority } from './servers.mjs';
import { cast, receipts, record, root } from './fixtures.mjs';

/** A receipt of another precinct than `cast`'s. */
const other = receipts.find((r) => r.precinct !== cast.precinct);

export const precinctFile = `precincts/${cast.precinct}.json`;
const proofsFile = `proofs/${cast.precinct}.json`;
export const json = (buf) => JSON.parse(buf.toString('utf8'));
export const out = (v) => Buffer.from(canonicalJson(v));

// Each variant changes one thing and names the check that must fail. The host variants change
// bytes without the authority's key (the seal, V-17, catches them); the `sealed-` variants play
// the authority too (its key ships with the demo), so the deeper check must catch them.
const authorityKey = JSON.parse(fs.readFileSync(path.join(root, 'demo/authority-key.json'), 'utf8')).authority_signing_key;
const body = (buf) => json(buf).body;
const sealed = (p, b) => sealAsAuthority(record, authorityKey, p, b);
export const countChanged = (b) => { b.tally[0].decryption.values[0] += 1; return b; };
export const variants = {
  count: { check: 'V-17', change: (p, read) => { if (p !== precinctFile) return; const f = json(read(p)); countChanged(f.body); return out(f); } },
  'sealed-count': { check: 'V-12', change: (p, read) => { if (p !== precinctFile) return; return sealed(p, countChanged(body(read(p)))); } },
  'sealed-proof': { check: 'V-07', change: (p, read) => {
    if (p !== proofsFile) return; const b = body(read(p));
    // The first option's 0/1 proof: its challenge c0 follows the four 32-byte commitments (§5.2).
    // Its lowest byte plus one: still a canonical scalar, but the proof no longer holds.
    const entry = b.ballots[b.ballots.length - 1];
    const bytes = Buffer.from(entry.proofs[0], 'base64url');
    bytes[128] = (bytes[128] + 1) % 256;
    entry.proofs[0] = bytes.toString('base64url'); return sealed(p, b); } },
  'sealed-removed': { check: 'V-10', change: (p, read) => { if (p !== precinctFile) return; const b = body(read(p)); b.ballots.pop(); return sealed(p, b); } },
  swapped: { check: 'V-17', change: (p, read) => { if (p !== precinctFile) return; return read(`precincts/${other.precinct}.json`); } },
  totals: { check: 'V-17', change: (p, read) => {
    // The county and election rows moved consistently: 5 votes from the second option to the first.
    if (p !== 'totals.json') return; const f = json(read(p));
    for (const area of [...f.body.counties, f.body.election]) {
      const c = area.contests[0]?.counts; if (c && c[1] >= 5) { c[0] += 5; c[1] -= 5; }
    }
    return out(f); } },
  resigned: { check: 'V-03', change: (p, read) => { if (p !== 'board/checkpoint') return; return Buffer.from(resignCheckpoint(checkpointText(read(p).toString()))); } },
  // Signed by the authority, but not closing the board (as if voting were still open).
  older: { check: 'V-03', change: (p, read) => {
    if (p !== 'board/checkpoint') return;
    const open = checkpointText(read(p).toString()).replace(/^closed .*\n/m, '');
    return Buffer.from(signCheckpointAsAuthority(open, authorityKey)); } },
};

// The board's checkpoint as the demo publishes it (authority and two witnesses), its text, and
// forks of it: what an authority that shows different voters different boxes would sign.
const publishedCheckpoint = fs.readFileSync(path.join(record, 'board/checkpoint'), 'utf8');
export const demoText = checkpointText(publishedCheckpoint);
export const [origin, demoSize] = demoText.split('\n');
export const forkedText = (size) => `${origin}\n${size}\n${crypto.createHash('sha256').update(`fork ${size}`).digest('base64')}\n${demoText.split('\n')[3]}\n`;
export const forked = signCheckpointAsAuthority(forkedText(Number(demoSize)), authorityKey);
// Not variants that must fail outright: their verdicts are their own.
export const witnessVariants = {
  // Signed by the authority alone: no witness vouches for it.
  unwitnessed: (p) => (p === 'board/checkpoint' ? Buffer.from(signCheckpointAsAuthority(demoText, authorityKey)) : undefined),
  // Another box of the same size, signed by the authority.
  forked: (p) => (p === 'board/checkpoint' ? Buffer.from(forked) : undefined),
};
