import { Test } from '@nestjs/testing';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config/app-config';
import { JOB_CATALOGUE } from '../../src/common/queue/job-catalogue';
import { OffersProcessor } from '../../src/modules/allocation/offers.processor';
import { NoticeRenderers, NoticeRenderer } from '../../src/modules/notices/notice-renderers';
import type { NoticeType } from '../../src/modules/notices/notice-types';
import { QueueProducer } from '../../src/common/queue/queue.producer';

/** Builds the real application, with chosen providers replaced, and runs its boot (init). */
async function boot(opts: {
  runWorkers: boolean;
  override?: (b: ReturnType<typeof Test.createTestingModule>) => void;
}): Promise<NestFastifyApplication> {
  const config = loadConfig(process.env);
  const builder = Test.createTestingModule({ imports: [AppModule.forRoot({ config, runWorkers: opts.runWorkers })] });
  opts.override?.(builder);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
  try {
    await app.init();
  } catch (err) {
    await app.close().catch(() => undefined);
    throw err;
  }
  return app;
}

/** Renderers that forget one type: what a module that never registers its renderer looks like to the boot. */
class RenderersWithout extends NoticeRenderers {
  constructor(private readonly dropped: NoticeType) {
    super();
  }
  override register(type: NoticeType, renderer: NoticeRenderer): void {
    if (type !== this.dropped) super.register(type, renderer);
  }
}

describe('Boot checks', () => {
  it('boots when every job has a handler and every notice type a renderer, and upserts the catalogue schedules with bounded history', async () => {
    const app = await boot({ runWorkers: true });
    try {
      const schedulers = await app.get(QueueProducer).queue('offers').getJobSchedulers();
      const sweep = schedulers.find((s) => s.key === 'offers-sweep');
      expect(sweep?.template?.opts?.removeOnComplete).toEqual(JOB_CATALOGUE['offers.sweep'].options.removeOnComplete);
      expect(sweep?.template?.opts?.removeOnFail).toEqual({ count: 50, age: 7 * 24 * 3600 });
    } finally {
      await app.close();
    }
  });

  it('refuses to boot when a job of the catalogue has no handler, naming it', async () => {
    await expect(
      boot({ runWorkers: false, override: (b) => b.overrideProvider(OffersProcessor).useValue({}) }),
    ).rejects.toThrow('jobs without a handler: offer.remind, offer.expire, offers.sweep');
  });

  it('refuses to boot when a notice type has no renderer, naming it', async () => {
    await expect(
      boot({
        runWorkers: false,
        override: (b) => b.overrideProvider(NoticeRenderers).useValue(new RenderersWithout('OFFER_MADE')),
      }),
    ).rejects.toThrow('notice types without a renderer: OFFER_MADE');
  });
});
