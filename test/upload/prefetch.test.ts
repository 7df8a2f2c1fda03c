import { expect } from '@open-wc/testing';
import { QuatrixClient } from '../../src/api/index.js';
import { Uploader, WidgetTarget, type Connectivity } from '../../src/upload/index.js';
import { IDS } from '../fixtures/seed.js';

// Alone in its page: no other test has fetched the upload code before.
describe('Uploader fetching its upload code', () => {
  const fetched = (part: string): boolean =>
    performance.getEntriesByType('resource').some((e) => e.name.includes(part));
  const connectivity = (online: boolean): Connectivity => ({ online, subscribe: () => () => {} });
  const target = (): WidgetTarget =>
    new WidgetTarget(new QuatrixClient({ site: 'http://127.0.0.1:9' }), IDS.widgetOpen);

  it('should not fetch it ahead while its connectivity says offline, and fetch the chunk loop ahead when online, without tus-js-client', async () => {
    const offline = new Uploader({ target: target(), connectivity: connectivity(false) });
    await new Promise((r) => setTimeout(r, 300));
    expect(fetched('transports/quatrix.'), 'fetched while offline').to.equal(false);
    offline.dispose();
    const online = new Uploader({ target: target(), connectivity: connectivity(true) });
    for (let i = 0; i < 50 && !fetched('transports/chunk-upload'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(fetched('transports/chunk-upload')).to.equal(true);
    // A Quatrix site never needs tus-js-client: only a tus endpoint's transport brings it.
    await new Promise((r) => setTimeout(r, 200));
    expect(fetched('tus-js-client'), 'tus-js-client fetched for a Quatrix site').to.equal(false);
    online.dispose();
  });
});
