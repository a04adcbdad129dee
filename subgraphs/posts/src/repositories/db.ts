import type { TransactionOf } from '@shutter/runtime';
import type { PrismaClient } from '../generated/prisma/client.js';

export { Prisma, PrismaClient } from '../generated/prisma/client.js';
export type { Account, Avatar, Media, Post, Upload } from '../generated/prisma/client.js';

export type Tx = TransactionOf<PrismaClient>;
