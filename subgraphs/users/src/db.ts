import { createPrismaClient, type QueryCounter } from '@shutter/runtime';
import { PrismaClient } from './generated/prisma/client.js';

export { Prisma, PrismaClient, Role } from './generated/prisma/client.js';
export type { RefreshToken, User } from './generated/prisma/client.js';

export function createUsersPrisma(databaseUrl: string, options: { poolSize?: number; counter?: QueryCounter } = {}) {
  return createPrismaClient(PrismaClient, { databaseUrl, ...options });
}
