import { signInRequired } from './errors.js';
import type { Viewer } from './identity.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else names nothing, and must not reach a `uuid` column (it would fail there). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Moderators and admins see what the privacy rules hide from others (to moderate it). */
export function isStaff(viewer: Pick<Viewer, 'role'>): boolean {
  return viewer.role === 'ADMIN' || viewer.role === 'MODERATOR';
}

/** The signed-in viewer's id, or SIGN_IN_REQUIRED for an anonymous request. */
export function requireViewer(viewer: Pick<Viewer, 'userId'>): string {
  if (!viewer.userId) throw signInRequired();
  return viewer.userId;
}
