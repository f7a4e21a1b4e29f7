/** Why a password was refused (the codes go into the WEAK_PASSWORD problem's details). */
export type WeakPasswordReason = 'too-short' | 'too-few-character-classes' | 'contains-phone';

const CLASSES = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z\d]/];

/**
 * At least 12 characters from 3 of the 4 classes (lower, upper, digit, other), or 16+ characters
 * of any kind (a passphrase); never the account's own mobile number, alone or inside the password.
 */
export function weakPasswordReasons(password: string, phone?: string): WeakPasswordReason[] {
  const reasons: WeakPasswordReason[] = [];
  const length = [...password].length;
  const classes = CLASSES.filter((c) => c.test(password)).length;
  if (length < 12) reasons.push('too-short');
  else if (length < 16 && classes < 3) reasons.push('too-few-character-classes');
  if (phone && password.replace(/[\s+-]/g, '').includes(phone)) reasons.push('contains-phone');
  return reasons;
}
