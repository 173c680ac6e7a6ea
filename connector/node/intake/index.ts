/** Signed intake: records published with their company's own SD-JWT VC (see signed-intake.ts). */
export {
  createIntakeVerifier,
  type IntakeChange,
  type IntakeResult,
  type IntakeVerifier,
  type IntakeVerifierOptions,
} from './signed-intake';
export { signPublication, type SignedPublication, type SignPublicationOptions } from './sign-publication';
