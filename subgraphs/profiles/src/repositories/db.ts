import type { TransactionOf } from '@shutter/runtime';
import type { PrismaClient } from '../generated/prisma/client.js';

export { PrismaClient } from '../generated/prisma/client.js';
export type { Profile } from '../generated/prisma/client.js';

export type Tx = TransactionOf<PrismaClient>;
