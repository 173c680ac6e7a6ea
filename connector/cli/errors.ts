/** Codes the command line reports about its own arguments (exit code 1, printed as `CODE: message`). */
export const CLI_ERROR_CODES = {
  KH_USAGE_FILE_UNREADABLE: 'a file named on the command line cannot be read',
  KH_USAGE_NO_TRUST_ROOT: 'a command that verifies was given no --trust root certificate',
} as const;
