import { z } from 'zod';

const trimmedOrNull = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .optional();

export const updateProfileSchema = z.object({
  displayName: trimmedOrNull(64),
  bio: trimmedOrNull(150),
  website: z
    .string()
    .trim()
    .max(200, 'must be at most 200 characters')
    .refine((value) => value === '' || /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(value), 'must be an http(s) URL')
    .refine((value) => {
      if (value === '') return true;
      try {
        return ['http:', 'https:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, 'must be an http(s) URL')
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .optional(),
  isPrivate: z.boolean().optional(),
  username: z.string().optional(),
  avatarUploadId: z.string().nullable().optional(),
});

export type UpdateProfileInput = z.infer<typeof updateProfileSchema>;
