import { resolve } from 'node:path';
import { ensurePersonalDataKeyFile, personalDataCipherFrom, type PersonalDataCipher } from '@hotline/personal-data';

const REPO_ROOT = resolve(__dirname, '../../..');
// The same local key file that prepare creates and the services under test seal with.
export const TEST_PERSONAL_DATA_KEYS_FILE = resolve(REPO_ROOT, process.env['PERSONAL_DATA_KEYS_FILE'] ?? '.run/personal-data/keys.json');

/** The key ring the services under test use, to open what they sealed. */
export function testPersonalDataCipher(): PersonalDataCipher {
  ensurePersonalDataKeyFile(TEST_PERSONAL_DATA_KEYS_FILE);
  return personalDataCipherFrom({ PERSONAL_DATA_KEYS_FILE: TEST_PERSONAL_DATA_KEYS_FILE });
}
