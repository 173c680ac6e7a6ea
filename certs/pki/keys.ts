import { generateKeyPairSync, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { pkiError } from './fail';

export interface RsaKeyMaterial {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  forgePrivateKey: forge.pki.rsa.PrivateKey;
  forgePublicKey: forge.pki.rsa.PublicKey;
}

export const DEFAULT_KEY_BITS = 2048;

export function assertKeyBits(bits: unknown, where = 'keyBits'): number {
  if (typeof bits !== 'number' || !Number.isInteger(bits) || bits < 2048 || bits > 8192 || bits % 8 !== 0) {
    throw pkiError('KH_PKI_UNSUPPORTED_KEY', 'RSA key size must be a multiple of 8 between 2048 and 8192', {
      where,
    });
  }
  return bits;
}

/** A fresh RSA key (native node:crypto generation), also converted to node-forge objects. */
export function generateRsaKey(bits: number = DEFAULT_KEY_BITS): RsaKeyMaterial {
  assertKeyBits(bits);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 0x10001 });
  return rsaKeyFromKeyObject(privateKey);
}

/** Load a private key PEM (PKCS#8 or PKCS#1, RSA only). */
export function rsaKeyFromPem(pem: string): RsaKeyMaterial {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (cause) {
    throw pkiError('KH_PKI_MALFORMED', 'private key PEM could not be read', { cause });
  }
  return rsaKeyFromKeyObject(key);
}

export function rsaKeyFromKeyObject(privateKey: KeyObject): RsaKeyMaterial {
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw pkiError('KH_PKI_UNSUPPORTED_KEY', 'only RSA keys are supported (node-forge X.509 is RSA-only)');
  }
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const forgePrivateKey = forge.pki.privateKeyFromPem(privateKeyPem);
  const forgePublicKey = forge.pki.setRsaPublicKey(forgePrivateKey.n, forgePrivateKey.e);
  return {
    privateKey,
    publicKey: createPublicKey(privateKey),
    privateKeyPem,
    forgePrivateKey,
    forgePublicKey,
  };
}
