/** An in-memory delivery port for pipeline tests: jobs land in `queued`, once per job id. */
import type { DeliveryJob, DeliveryPort } from '../../connector/node/pipeline/types';

export function fakeDeliveryPort(queued: DeliveryJob[]): DeliveryPort {
  return {
    add: async (job) => {
      const dup = queued.some((q) => q.jobId === job.jobId);
      if (!dup) queued.push(job);
      return { added: !dup };
    },
    deadLetters: async () => [],
    retryDeadLetter: async () => true,
    counts: async () => ({}),
    idle: async () => true,
    close: async () => undefined,
  };
}
