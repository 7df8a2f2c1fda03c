import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QuatrixClient } from '../../../src/api/index.js';
import { clientFor } from '../../../src/components/base/credentials.js';
import { UploadError } from '../../../src/upload/index.js';

describe('clientFor', () => {
  it('should make an anonymous client, or one with the API key before the session token', () => {
    const anonymous = clientFor('https://acme.example');
    assert.ok(anonymous instanceof QuatrixClient);
    assert.equal(anonymous.auth.type, 'none');
    const both = clientFor('https://acme.example', { apiKey: 'k', sessionToken: 's' });
    assert.ok(both instanceof QuatrixClient);
    assert.deepEqual(both.auth, { type: 'apiKey', apiKey: 'k' });
    const session = clientFor('https://acme.example', { sessionToken: 's', required: true });
    assert.ok(session instanceof QuatrixClient);
    assert.equal(session.auth.type, 'session');
  });

  it('should answer the failure to show: setup for a site that is not one, unauthorized without required credentials', () => {
    const bad = clientFor('not a site');
    assert.ok(bad instanceof UploadError);
    assert.equal(bad.reason, 'setup');
    const missing = clientFor('https://acme.example', { required: true });
    assert.ok(missing instanceof UploadError);
    assert.equal(missing.reason, 'unauthorized');
  });
});
