// World: a deterministic synthetic organisation with plain-object entities.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { World } from '../index.mjs';

test('world is deterministic per seed', () => {
  const first = JSON.stringify(new World(4));
  assert.equal(JSON.stringify(new World(4)), first);
  assert.equal(JSON.stringify(new World(4n)), first);
  assert.notEqual(JSON.stringify(new World(5)), first);
});

test('world defaults match the core', () => {
  const world = new World();
  assert.equal(world.seed, 0n);
  assert.equal(world.users.length, 200);
  assert.equal(world.hosts.length, 200 + 40 + 2);
  assert.equal(world.subnets.length, 8);
  assert.equal(world.externalAddresses.length, 64);
  assert.match(world.domain, /\.example$/);
});

test('world options size the organisation', () => {
  const world = new World(1, { users: 12, servers: 3, subnets: 2, externalAddresses: 5, organisation: 'Blue Harbor' });
  assert.equal(world.users.length, 12);
  assert.equal(world.hosts.length, 12 + 3 + 2);
  assert.equal(world.subnets.length, 2);
  assert.equal(world.externalAddresses.length, 5);
  assert.equal(world.organisation, 'blue-harbor');
  assert.equal(world.domain, 'blue-harbor.example');
});

test('world entities link users and hosts', () => {
  const world = new World(2, { users: 30 });
  const { users, hosts } = world;
  users.forEach((user, i) => {
    assert.equal(user.workstation, i);
    assert.equal(hosts[user.workstation].owner, i);
    assert.equal(user.email, `${user.username}@${world.domain}`);
    assert.equal(user.sid.startsWith(world.domainSid), true);
  });
  assert.equal(users[0].manager, undefined);
  assert.ok(['workstation', 'server', 'domain_controller'].includes(hosts.at(-1).role));
  assert.deepEqual(
    world.cloudAccounts.map((a) => a.provider),
    ['aws', 'aws', 'aws', 'azure', 'gcp'],
  );
  assert.ok(world.applications.every((app) => /^[0-9a-f-]{36}$/.test(app.appId)));
  assert.ok(world.natAddresses.every((ip) => /^(192\.0\.2|198\.51\.100|203\.0\.113)\./.test(ip)));
  assert.ok(world.externalDomains.length > 0);
  assert.match(world.tenantId, /^[0-9a-f-]{36}$/);
  assert.equal(world.oktaOrg, `${world.organisation}.okta.com`);
  assert.equal(world.netbiosDomain, world.organisation.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 15));
});

test('world toJSON contains every entity', () => {
  const world = new World(2n ** 60n, { users: 3 });
  const json = JSON.parse(JSON.stringify(world));
  assert.equal(json.seed, (2n ** 60n).toString());
  assert.deepEqual(json.users, world.users.map((u) => JSON.parse(JSON.stringify(u))));
  assert.deepEqual(json.hosts.length, world.hosts.length);
  assert.equal(json.domain, world.domain);
});

test('world requires new', () => {
  assert.throws(() => World(1), { name: 'TypeError', code: 'invalid_constructor_call' });
  assert.ok(new World(1) instanceof World);
  class Branch extends World {}
  assert.ok(new Branch(1) instanceof World);
});
