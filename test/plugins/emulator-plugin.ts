import type { TestRunnerPlugin } from '@web/test-runner';
import { QuatrixEmulator, type EmulatorOptions, type FaultRule } from '../../demo/emulator/index.js';
import type { Seed } from '../../demo/emulator/seed.js';
import { testSeed } from '../fixtures/seed.js';
import { sparseAnswers, type SparseMode } from '../helpers/sparse-answers.js';

/** What a browser test may ask of its emulator (see test/helpers/emulator-browser.ts). */
export interface EmulatorControl {
  setFaults: [rules: FaultRule[], seed?: number];
  advanceTime: [ms: number];
  expireSessions: [];
  demandCaptcha: [widgetId: string];
  files: [folderId?: string];
  sha256: [fileId: string];
  contentBase64: [fileId: string];
  /** The files of an encrypted return that are not encrypted to the requester (with why). */
  unencryptedReturns: [requestId: string];
  tusSha256: [uploadId: string];
  requests: [];
  requestReturns: [requestId: string];
  fileRequest: [requestId: string];
  /** Every node below a folder, unfinished uploads included. */
  nodes: [folderId: string];
  /** Success answers keep only the fields the product requires (`off`: full answers again). */
  sparseAnswers: [mode: SparseMode | 'off'];
}

/**
 * Lets browser tests start their own emulator on loopback (with their own seed and faults), control it,
 * and read what it stored, through @web/test-runner's server commands.
 */
export function emulatorPlugin(): TestRunnerPlugin {
  const running = new Map<string, QuatrixEmulator>();
  let next = 0;
  const get = (id: unknown): QuatrixEmulator => {
    const emu = running.get(String(id));
    if (!emu) throw new Error(`no emulator ${String(id)}`);
    return emu;
  };
  return {
    name: 'quatrix-emulator',
    async executeCommand({ command, payload }) {
      const p = (payload ?? {}) as Record<string, unknown>;
      switch (command) {
        case 'emulator-start': {
          const options: EmulatorOptions = {
            ...(p.options as Partial<EmulatorOptions>),
            seed: (p.seed as Seed | undefined) ?? testSeed(),
          };
          const emu = await QuatrixEmulator.start(options);
          const id = String(++next);
          running.set(id, emu);
          return { id, url: emu.url };
        }
        case 'emulator-control': {
          const emu = get(p.id);
          const args = (p.args ?? []) as unknown[];
          switch (p.action as keyof EmulatorControl) {
            case 'setFaults':
              emu.setFaults(args[0] as FaultRule[], args[1] as number | undefined);
              return true;
            case 'advanceTime':
              emu.advanceTime(Number(args[0]));
              return true;
            case 'expireSessions':
              emu.expireSessions();
              return true;
            case 'demandCaptcha':
              emu.demandCaptcha(String(args[0]));
              return true;
            case 'files':
              return emu.files(args[0] as string | undefined);
            case 'sha256':
              return emu.sha256(String(args[0]));
            case 'contentBase64':
              return emu.contentBase64(String(args[0]));
            case 'unencryptedReturns':
              return emu.unencryptedReturns(String(args[0]));
            case 'tusSha256':
              return emu.tusSha256(String(args[0]));
            case 'requests':
              return emu.requests;
            case 'fileRequest': {
              const r = emu.store.requests.get(String(args[0]));
              return r
                ? {
                    folder: r.folder,
                    message: r.message,
                    recipients: r.recipients,
                    requestAuth: r.requestAuth,
                    sendEmail: r.sendEmail,
                    returnPgpEncrypted: r.returnPgpEncrypted,
                  }
                : null;
            }
            case 'sparseAnswers':
              emu.setAnswerTransform(args[0] === 'off' ? undefined : sparseAnswers(args[0] as SparseMode));
              return true;
            case 'nodes': {
              const folder = String(args[0]);
              return [...emu.store.nodes.values()]
                .filter((n) => n.id !== folder && emu.store.isWithin(n.id, folder))
                .map((n) => ({ id: n.id, name: n.name, type: n.type, state: n.state }));
            }
            case 'requestReturns':
              return emu.store.requests.get(String(args[0]))?.returns ?? [];
            default:
              throw new Error(`unknown emulator action ${String(p.action)}`);
          }
        }
        case 'emulator-stop': {
          await get(p.id).close();
          running.delete(String(p.id));
          return true;
        }
        default:
          return undefined;
      }
    },
    async serverStop() {
      await Promise.all([...running.values()].map((emu) => emu.close()));
      running.clear();
    },
  };
}
