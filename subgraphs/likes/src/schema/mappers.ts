/** What resolvers of a Post receive: a reference; its fields here are resolved by id. */
export type PostMapper = { id: string };
