import { Global, Module } from '@nestjs/common';
import { renderWelcome } from './domain/notice-templates';
import { MailerService } from './mailer.service';
import { NoticeDeliveryService } from './notice-delivery.service';
import { NoticeRenderers } from './notice-renderers';
import { NoticesController } from './notices.controller';
import { NoticesProcessor } from './notices.processor';
import { NoticesService } from './notices.service';
import { WELCOME_NOTICE } from './notice-types';

@Global()
@Module({
  controllers: [NoticesController],
  providers: [
    NoticesService,
    NoticeDeliveryService,
    MailerService,
    NoticesProcessor,
    {
      provide: NoticeRenderers,
      useFactory: () => {
        const renderers = new NoticeRenderers();
        renderers.register(WELCOME_NOTICE, async (_em, _data, recipient) => renderWelcome(recipient));
        return renderers;
      },
    },
  ],
  exports: [NoticesService, NoticeRenderers, NoticesProcessor, NoticeDeliveryService],
})
export class NoticesModule {}
