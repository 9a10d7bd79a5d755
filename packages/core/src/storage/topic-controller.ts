import type { QueueController } from './queue-controller';

/** Topics share the queue contract; errors name topics (TopicDoesNotExist). */
export type TopicController = QueueController;
