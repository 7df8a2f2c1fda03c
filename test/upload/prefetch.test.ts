import { expect } from '@open-wc/testing';
import { QuatrixClient } from '../../src/api/index.js';
import { Uploader, WidgetTarget, type Connectivity } from '../../src/upload/index.js';
import { IDS } from '../fixtures/seed.js';

// Alone in its page: no other test has fetched tus-js-client before.
describe('Uploader fetching its upload code', () => {
  const fetchedTus = (): boolean =>
    performance.getEntriesByType('resource').some((e) => e.name.includes('tus-js-client'));
  const connectivity = (online: boolean): Connectivity => ({ online, subscribe: () => () => {} });
  const target = (): WidgetTarget =>
    new WidgetTarget(new QuatrixClient({ site: 'http://127.0.0.1:9' }), IDS.widgetOpen);

  it('should not fetch it ahead while its connectivity says offline, and fetch it ahead when online', async () => {
    const offline = new Uploader({ target: target(), connectivity: connectivity(false) });
    await new Promise((r) => setTimeout(r, 300));
    expect(fetchedTus(), 'fetched while offline').to.equal(false);
    offline.dispose();
    const online = new Uploader({ target: target(), connectivity: connectivity(true) });
    for (let i = 0; i < 50 && !fetchedTus(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(fetchedTus()).to.equal(true);
    online.dispose();
  });
});
