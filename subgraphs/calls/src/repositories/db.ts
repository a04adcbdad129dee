import type { TransactionOf } from '@shutter/runtime';
import type { PrismaClient } from '../generated/prisma/client.js';

export { Prisma, PrismaClient } from '../generated/prisma/client.js';
export type { CallStatus, CallType } from '../generated/prisma/client.js';

export type Tx = TransactionOf<PrismaClient>;
