/**
 * Japanese corporate number (法人番号, 13 digits): the first digit is a check digit over the 12-digit base
 * (National Tax Agency rule: 9 - (Σ Pn·Qn mod 9), Pn = n-th digit from the right, Qn = 1 for odd n, 2 for even n).
 */
export function corporateNumberCheckDigit(base12: string): number {
  if (!/^[0-9]{12}$/.test(base12)) throw new RangeError('a corporate number base has 12 digits');
  let sum = 0;
  for (let n = 1; n <= 12; n += 1) {
    const digit = Number(base12[12 - n]);
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

/** The 13-digit corporate number for a 12-digit base. */
export function corporateNumber(base12: string): string {
  return `${corporateNumberCheckDigit(base12)}${base12}`;
}

/** True when `value` is 13 digits with a correct check digit. */
export function isValidCorporateNumber(value: string): boolean {
  return /^[0-9]{13}$/.test(value) && Number(value[0]) === corporateNumberCheckDigit(value.slice(1));
}
