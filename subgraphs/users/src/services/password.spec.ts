import { describe, expect, it } from '@jest/globals';
import { hash } from '@node-rs/argon2';
import { argon2Hasher, passwordForms } from './password.js';

const COMPOSED = 'crème brûlée à la façon de Zoë';
const DECOMPOSED = COMPOSED.normalize('NFD');

describe('argon2Hasher', () => {
  it('should accept a password typed decomposed against a hash made from it typed composed, and the reverse', async () => {
    const fromComposed = await argon2Hasher.hash(COMPOSED);
    const fromDecomposed = await argon2Hasher.hash(DECOMPOSED);
    for (const passwordHash of [fromComposed, fromDecomposed]) {
      expect(await argon2Hasher.verify(passwordHash, COMPOSED)).toBe(true);
      expect(await argon2Hasher.verify(passwordHash, DECOMPOSED)).toBe(true);
      expect(await argon2Hasher.verify(passwordHash, 'creme brulee a la facon de Zoe')).toBe(false);
    }
  });

  it('should accept either form against a hash made, before normalisation, from the decomposed form', async () => {
    // What argon2Hasher.hash stored before it normalised: the bytes as typed.
    const legacy = await hash(DECOMPOSED, { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    expect(await argon2Hasher.verify(legacy, DECOMPOSED)).toBe(true);
    expect(await argon2Hasher.verify(legacy, COMPOSED)).toBe(true);
  });

  it('should check an ASCII password once, and other passwords in NFC, as typed and NFD, each once', () => {
    expect(passwordForms('plain ascii passphrase')).toEqual(['plain ascii passphrase']);
    expect(passwordForms(DECOMPOSED)).toEqual([COMPOSED, DECOMPOSED]);
    const mixed = `${COMPOSED}${'e\u0301'}`;
    expect(passwordForms(mixed)).toEqual([mixed.normalize('NFC'), mixed, mixed.normalize('NFD')]);
  });
});
