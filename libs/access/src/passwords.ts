import argon2 from 'argon2';

// argon2id with the library's defaults (64 MiB, 3 passes): slow on purpose, unlike the API keys' SHA-256.
export const hashPassword = (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id });

let dummyHash: Promise<string> | undefined;

/** Checks a password; an unknown user costs the same time as a wrong password, so names cannot be probed. */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash === null) {
    dummyHash ??= hashPassword('no such user');
    await argon2.verify(await dummyHash, password);
    return false;
  }
  return argon2.verify(storedHash, password);
}
