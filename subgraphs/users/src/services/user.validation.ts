import { z } from 'zod';

export const USERNAME_PATTERN = /^[a-z0-9._]{3,30}$/;

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(USERNAME_PATTERN, 'must be 3 to 30 characters of letters, digits, "." and "_"');

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

export const passwordSchema = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(128, 'must be at most 128 characters')
  .refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()), 'is too common; choose a less guessable password')
  .refine((p) => new Set(p).size >= 4, 'is too simple; use more different characters');

export const registerInputSchema = z
  .object({ email: emailSchema, username: usernameSchema, password: passwordSchema })
  .refine((input) => !input.password.toLowerCase().includes(input.username), {
    message: 'must not contain your username',
    path: ['password'],
  });
