import type { User } from '../repositories/user.repository.js';

/** What resolvers of a User receive: the account's row (its email is filtered per viewer). */
export type UserMapper = User;
