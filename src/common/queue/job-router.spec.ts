import { JobRouter } from './job-router';
import { JOB_CATALOGUE, JOB_NAMES } from './job-catalogue';

describe(JobRouter.name, () => {
  const noop = async () => undefined;

  it('refuses a second handler for the same job', () => {
    const router = new JobRouter();
    router.register('offer.expire', noop);
    expect(() => router.register('offer.expire', noop)).toThrow('job offer.expire has two handlers');
  });

  it('names every job of the catalogue that has no handler', () => {
    const router = new JobRouter();
    for (const name of JOB_NAMES)
      if (name !== 'offer.remind' && name !== 'privacy.retention') router.register(name, noop);
    expect(() => router.assertComplete()).toThrow('jobs without a handler: privacy.retention, offer.remind');
  });

  it('accepts a complete registration', () => {
    const router = new JobRouter();
    for (const name of JOB_NAMES) router.register(name, noop);
    expect(() => router.assertComplete()).not.toThrow();
  });

  it.each(JOB_NAMES.filter((n) => JOB_CATALOGUE[n].schedule))('bounds the history of the repeatable job %s', (name) => {
    const { removeOnComplete, removeOnFail } = JOB_CATALOGUE[name].options;
    for (const keep of [removeOnComplete, removeOnFail]) {
      expect(keep).toEqual(expect.objectContaining({ count: expect.any(Number), age: expect.any(Number) }));
    }
  });
});
