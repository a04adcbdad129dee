import { z } from 'zod';

export const USERNAME_PATTERN = /^[a-z0-9._]{3,30}$/;

/**
 * The shape of any username that may exist: what lookups and sign-in accept. Names that existed
 * before the rules for new names (below) keep working.
 */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(USERNAME_PATTERN, 'must be 3 to 30 characters of letters, digits, "." and "_"');

/**
 * Names an account may not choose: they would pass for the service, its staff or a system address,
 * or read as a missing value in a client. Compared with dots and underscores removed, so `ad.min`
 * and `_support_` are refused as well.
 */
const RESERVED_USERNAMES = new Set([
  'abuse',
  'admin',
  'administrator',
  'anonymous',
  'api',
  'billing',
  'contact',
  'everyone',
  'explore',
  'graphql',
  'help',
  'helpdesk',
  'hostmaster',
  'info',
  'login',
  'logout',
  'me',
  'mod',
  'moderator',
  'moderators',
  'nobody',
  'noreply',
  'null',
  'official',
  'owner',
  'postmaster',
  'privacy',
  'register',
  'root',
  'security',
  'settings',
  'shutter',
  'shutterapp',
  'shutterhq',
  'signin',
  'signup',
  'staff',
  'superuser',
  'support',
  'sysadmin',
  'system',
  'team',
  'terms',
  'undefined',
  'webmaster',
  'www',
]);

/** A username an account chooses (register, changeUsername): the shape, and no reserved or dot-only names. */
export const newUsernameSchema = usernameSchema
  .refine((name) => /[a-z0-9]/.test(name), 'must contain a letter or a digit')
  .refine(
    (name) => !name.startsWith('.') && !name.endsWith('.') && !name.includes('..'),
    'must not start or end with "." or have two "." in a row',
  )
  .refine((name) => !RESERVED_USERNAMES.has(name.replaceAll(/[._]/g, '')), 'is reserved; choose another');

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be a valid email address'));

// Common passwords that pass the length rule; a breached-password list would be stronger.
const COMMON_PASSWORDS = new Set([
  'password123',
  'password1234',
  'password12345',
  'passw0rd123',
  '1234567890',
  '12345678910',
  '0987654321',
  'qwertyuiop',
  'qwerty12345',
  '1q2w3e4r5t',
  'iloveyou123',
  'abcdefghij',
  'abc1234567',
  'letmein123',
  'welcome123',
  'football123',
  'baseball123',
  'sunshine123',
  'princess123',
  'dragon1234',
  'monkey1234',
  'superman123',
  'trustno1234',
  'administrator',
  'changeme123',
  'shutter123',
  'instagram123',
]);

/**
 * The same password typed on two keyboards may arrive composed (é) or decomposed (e + ◌́): rules
 * and hashes see its NFC form (the hasher normalises too, for sign-in).
 */
export const passwordSchema = z
  .string()
  .normalize('NFC')
  .min(10, 'must be at least 10 characters')
  .max(128, 'must be at most 128 characters')
  .refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()), 'is too common; choose a less guessable password')
  .refine((p) => new Set(p).size >= 4, 'is too simple; use more different characters');

const registration = (username: z.ZodType<string>) =>
  z
    .object({ email: emailSchema, username, password: passwordSchema })
    .refine((input) => !input.password.toLowerCase().includes(input.username), {
      message: 'must not contain your username',
      path: ['password'],
    });

/** register: the username is one an account may choose. */
export const registerInputSchema = registration(newUsernameSchema);

/**
 * The operator's admin account (ADMIN_*): it may take a reserved name such as `admin` or `root`,
 * which is what the reservation keeps for the service's own accounts.
 */
export const adminInputSchema = registration(usernameSchema);
