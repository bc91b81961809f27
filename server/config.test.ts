import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIN_METRICS_TOKEN_LENGTH } from '../shared/limits.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';

/** Runs loadConfig and returns the ConfigError message it throws. */
function problemWith(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    const expected: Config = {
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      publicUrl: null,
      admin: null,
      seedDemo: true,
      metricsToken: null,
    };
    expect(loadConfig({})).toEqual(expected);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', HOST: '', DATABASE_URL: '', REMISS_ADMIN_EMAIL: '' })).toEqual(
      loadConfig({}),
    );
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/remiss',
      PUBLIC_URL: 'https://remiss.example.se',
      REMISS_ADMIN_EMAIL: 'admin@example.se',
      REMISS_ADMIN_PASSWORD: 'korrekt häst batteri',
      REMISS_DEMO: '0',
    });
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/lib/remiss',
      publicUrl: 'https://remiss.example.se',
      admin: { email: 'admin@example.se', password: 'korrekt häst batteri' },
      seedDemo: false,
      metricsToken: null,
    });
  });

  it('resolves a relative DATA_DIR to an absolute path', () => {
    expect(loadConfig({ DATA_DIR: 'remiss-data' }).dataDir).toBe(path.resolve('remiss-data'));
  });

  it.each(['abc', '-1', '65536', '80.5', ' ', '1e3', '0x50'])(
    'refuses PORT=%s and names the variable',
    (port) => {
      expect(problemWith({ PORT: port })).toMatch(/PORT/);
    },
  );

  it.each(['yes', 'true', '2'])('refuses REMISS_DEMO=%s', (value) => {
    expect(problemWith({ REMISS_DEMO: value })).toMatch(/REMISS_DEMO/);
  });

  it('refuses a PUBLIC_URL that is not a URL', () => {
    expect(problemWith({ PUBLIC_URL: 'remiss.example.se' })).toMatch(/PUBLIC_URL/);
  });

  it('reads METRICS_TOKEN, and refuses one that is short or holds spaces', () => {
    const token = 'a'.repeat(MIN_METRICS_TOKEN_LENGTH);
    expect(loadConfig({ METRICS_TOKEN: token }).metricsToken).toBe(token);
    expect(problemWith({ METRICS_TOKEN: token.slice(1) })).toMatch(/METRICS_TOKEN/);
    expect(problemWith({ METRICS_TOKEN: `${token} b` })).toMatch(/METRICS_TOKEN/);
  });

  it('lists every problem at once', () => {
    const message = problemWith({ PORT: 'abc', REMISS_DEMO: 'yes', PUBLIC_URL: 'nope' });
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/REMISS_DEMO/);
    expect(message).toMatch(/PUBLIC_URL/);
  });

  it('refuses an admin email without a password, and a password without an email', () => {
    expect(problemWith({ REMISS_ADMIN_EMAIL: 'admin@example.se' })).toMatch(
      /REMISS_ADMIN_EMAIL and REMISS_ADMIN_PASSWORD must be set together/,
    );
    expect(problemWith({ REMISS_ADMIN_PASSWORD: 'ett långt lösenord' })).toMatch(
      /REMISS_ADMIN_EMAIL and REMISS_ADMIN_PASSWORD must be set together/,
    );
  });

  it('refuses a malformed admin email and a short admin password', () => {
    expect(
      problemWith({ REMISS_ADMIN_EMAIL: 'admin', REMISS_ADMIN_PASSWORD: 'ett långt lösenord' }),
    ).toMatch(/REMISS_ADMIN_EMAIL/);
    const short = problemWith({
      REMISS_ADMIN_EMAIL: 'admin@example.se',
      REMISS_ADMIN_PASSWORD: 'x7#q',
    });
    expect(short).toMatch(/REMISS_ADMIN_PASSWORD/);
    expect(short).not.toContain('x7#q');
  });

  it('chooses PostgreSQL for a postgres:// or postgresql:// DATABASE_URL', () => {
    const url = 'postgres://remiss:hemligt@db.example.se:5432/remiss';
    expect(loadConfig({ DATABASE_URL: url }).postgresUrl).toBe(url);
    const long = 'postgresql://remiss@db.example.se/remiss?sslmode=require';
    expect(loadConfig({ DATABASE_URL: long }).postgresUrl).toBe(long);
    expect(loadConfig({}).postgresUrl).toBeUndefined();
  });

  it('reads sqlite:<folder> as the SQLite folder, but not together with DATA_DIR', () => {
    const config = loadConfig({ DATABASE_URL: 'sqlite:/var/lib/remiss' });
    expect(config.dataDir).toBe(path.resolve('/var/lib/remiss'));
    expect(config.postgresUrl).toBeUndefined();
    expect(problemWith({ DATABASE_URL: 'sqlite:/a', DATA_DIR: '/b' })).toMatch(
      /DATABASE_URL and DATA_DIR/,
    );
  });

  it('refuses a DATABASE_URL it cannot use, and never prints the URL', () => {
    const message = problemWith({ DATABASE_URL: 'mysql://remiss:hemligt@db.example.se/remiss' });
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).toMatch(/postgres:\/\//);
    expect(message).not.toContain('hemligt');
    expect(problemWith({ DATABASE_URL: 'hemligt' })).not.toContain('hemligt');
    expect(problemWith({ DATABASE_URL: 'sqlite:' })).toMatch(/DATABASE_URL/);
  });

  it('reads REDIS_URL together with a PostgreSQL DATABASE_URL', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://remiss@db.example.se/remiss',
      REDIS_URL: 'rediss://:hemligt@cache.example.se:6380/2',
    });
    expect(config.redisUrl).toBe('rediss://:hemligt@cache.example.se:6380/2');
    expect(config.postgresUrl).toBe('postgres://remiss@db.example.se/remiss');
  });

  it('refuses REDIS_URL without a shared PostgreSQL database, and never prints the URL', () => {
    for (const env of [
      { REDIS_URL: 'redis://:hemligt@cache.example.se:6379' },
      { REDIS_URL: 'redis://:hemligt@cache.example.se:6379', DATABASE_URL: 'sqlite:/srv/remiss' },
    ]) {
      const message = problemWith(env);
      expect(message).toMatch(/REDIS_URL/);
      expect(message).toMatch(/postgres:\/\//);
      expect(message).not.toContain('hemligt');
    }
  });

  it('keeps the per-address collab limit on unless the bench turns it off by name', () => {
    expect(loadConfig({}).limitFailedCollabAttempts).toBeUndefined();
    expect(
      loadConfig({ REMISS_BENCH_UNLIMITED_COLLAB_ATTEMPTS: '0' }).limitFailedCollabAttempts,
    ).toBeUndefined();
    expect(
      loadConfig({ REMISS_BENCH_UNLIMITED_COLLAB_ATTEMPTS: '1' }).limitFailedCollabAttempts,
    ).toBe(false);
    expect(problemWith({ REMISS_BENCH_UNLIMITED_COLLAB_ATTEMPTS: 'yes' })).toMatch(
      /REMISS_BENCH_UNLIMITED_COLLAB_ATTEMPTS/,
    );
  });

  it('refuses a REDIS_URL that is not a redis URL, and never prints it', () => {
    const message = problemWith({
      DATABASE_URL: 'postgres://remiss@db.example.se/remiss',
      REDIS_URL: 'http://:hemligt@cache.example.se',
    });
    expect(message).toMatch(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(message).not.toContain('hemligt');
  });
});
