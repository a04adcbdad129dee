import { createPrismaClient, type QueryCounter } from '@shutter/runtime';
import { PrismaClient } from './generated/prisma/client.js';

export { Prisma, PrismaClient } from './generated/prisma/client.js';
export type { Media, Post, Upload } from './generated/prisma/client.js';

export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export function createPostsPrisma(databaseUrl: string, options: { poolSize?: number; counter?: QueryCounter } = {}) {
  return createPrismaClient(PrismaClient, { databaseUrl, ...options });
}
