import { OmitType } from '@nestjs/swagger';
import { QuoteDto } from '../../fees/dto/quote.dto';

/** The simulator's body at a given crèche: its care type is the crèche's. */
export class CrecheQuoteDto extends OmitType(QuoteDto, ['careType'] as const) {}
