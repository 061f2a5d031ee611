import { Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { renderAccountExists } from './domain/notice-templates';
import { MailerService } from './mailer.service';
import { NoticeDeliveryService } from './notice-delivery.service';
import { NoticeRenderers } from './notice-renderers';
import { NoticesController } from './notices.controller';
import { NoticesProcessor } from './notices.processor';
import { NoticesService } from './notices.service';
import { NoticesRepository } from './notices.repository';
import { NoticeRecipientsReadModel } from '../../read-models/notice-recipients.read-model';
import { ACCOUNT_EXISTS_NOTICE } from './notice-types';

/** Imported by each module that writes notices (the outbox) or registers their renderers. */
@Module({
  controllers: [NoticesController],
  providers: [
    NoticesService,
    NoticeDeliveryService,
    MailerService,
    NoticesProcessor,
    NoticeRenderers,
    NoticesRepository,
    NoticeRecipientsReadModel,
  ],
  exports: [NoticesService, NoticeRenderers, NoticesProcessor, NoticeDeliveryService],
})
export class NoticesModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(private readonly renderers: NoticeRenderers) {}

  onModuleInit(): void {
    this.renderers.register(ACCOUNT_EXISTS_NOTICE, async (_em, _data, recipient) => renderAccountExists(recipient));
  }

  /** Feature modules register their renderers in onModuleInit, which has run for every module by now. */
  onApplicationBootstrap(): void {
    this.renderers.assertComplete();
  }
}
