/** What resolvers of a User receive: a reference; every field of it is resolved here by id. */
export type UserMapper = { id: string };
