import pg from 'pg';

/** A pg pool whose `close()` returns once every connection it opened has really closed. */
export interface ClosablePool {
  pool: pg.Pool;
  /** Ends the pool (if nobody did yet) and waits until each of its connections has closed. */
  close(): Promise<void>;
  /** Waits until the connections of a pool someone else ended (a Prisma adapter) have closed. */
  closed(): Promise<void>;
}

/**
 * pg's `Pool.end()` resolves as soon as it has *asked* its idle clients to end, before their sockets
 * close and before PostgreSQL has let their backends go. Whoever stops PostgreSQL next (`npm start`
 * on Ctrl-C, a test dropping its database) then terminates live backends: each client hears
 * "terminating connection due to administrator command" and the pool reports it as an error. This
 * pool tracks its connections so a shutdown can wait for them.
 */
export function createClosablePool(config: pg.PoolConfig): ClosablePool {
  const pool = new pg.Pool(config);
  const open = new Set<pg.PoolClient>();
  pool.on('connect', (client) => {
    open.add(client);
    client.once('end', () => open.delete(client));
  });
  const closed = async () => {
    await Promise.all([...open].map((client) => new Promise<void>((resolve) => client.once('end', () => resolve()))));
  };
  return {
    pool,
    closed,
    close: async () => {
      if (!pool.ending) await pool.end();
      await closed();
    },
  };
}
