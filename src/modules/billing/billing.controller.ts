import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, RequirePermission, Roles } from '../../common/auth/auth.decorators';
import { invalidFields } from '../../common/errors/domain-error';
import { uuidParam } from '../../common/http/validators';
import { ApiErrors, ApiOkContent } from '../../common/openapi/api-errors';
import { CancelPaymentDto, CreditNoteDto, IssueMonthDto, PaymentDto } from './dto/billing.dto';
import {
  BalanceResponseDto,
  CrecheBalanceResponseDto,
  InvoiceResponseDto,
  IssueMonthResponseDto,
  PaymentReminderResponseDto,
  PaymentResponseDto,
  RateChangeDto,
  SkippedContractDto,
} from './dto/billing.response.dto';
import { CertificatesService } from './certificates.service';
import { InvoicesService } from './invoices.service';
import { InvoicingService } from './invoicing.service';
import { PaymentRemindersService } from './payment-reminders.service';

/** Monthly invoices under the PSU, credit notes, payments and balances (issue #16). */
@ApiTags('billing')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller()
export class BillingController {
  constructor(
    private readonly invoicing: InvoicingService,
    private readonly invoices: InvoicesService,
    private readonly certificates: CertificatesService,
    private readonly reminders: PaymentRemindersService,
  ) {}

  @Post('creches/:id/invoices/issue')
  @HttpCode(200)
  @RequirePermission('creches:plan')
  @Roles('MANAGER', 'ADMIN')
  @ApiOperation({ summary: "Issues a finished month's invoices, one per household (idempotent)" })
  @ApiOkResponse({ type: IssueMonthResponseDto })
  @ApiErrors(400, 404, 429)
  async issue(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
    @Body() dto: IssueMonthDto,
  ): Promise<IssueMonthResponseDto> {
    const r = await this.invoicing.issueMonth(actor, crecheId, dto.month);
    return { ...r, issued: r.issued.map((i) => InvoiceResponseDto.from(i)) };
  }

  @Get('creches/:id/invoices/unbillable')
  @RequirePermission('creches:plan')
  @Roles('MANAGER', 'ADMIN')
  @ApiOperation({
    summary:
      "A month's contracts that cannot be billed (no reserved hours, no fee): their households' invoices wait for them",
  })
  @ApiOkResponse({ type: [SkippedContractDto] })
  @ApiErrors(400, 404)
  @ApiQuery({ name: 'month', required: true, example: '2027-03', pattern: '^20\\d\\d-(0[1-9]|1[0-2])$' })
  unbillable(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
    @Query('month') month: string,
  ): Promise<SkippedContractDto[]> {
    return this.invoicing.unbillable(user, crecheId, month ?? '');
  }

  @Get('creches/:id/invoices/rate-changes')
  @RequirePermission('creches:plan')
  @Roles('MANAGER', 'ADMIN')
  @ApiOperation({
    summary:
      'Issued invoices billed at a rate the fee for their month no longer has (a scale version or a declaration taken in after the issue), with what each was billed too much or too little',
  })
  @ApiOkResponse({ type: [RateChangeDto] })
  @ApiErrors(400, 404)
  async rateChanges(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
  ): Promise<RateChangeDto[]> {
    return (await this.invoices.rateChanges(user, crecheId)).map((r) => ({
      invoiceId: r.invoiceId,
      reference: r.reference,
      month: r.month,
      familyId: r.familyId,
      contractId: r.contractId,
      childFirstName: r.childFirstName,
      billedRate: r.billedRate,
      rateNow: r.rateNow,
      rateNowFrom: r.rateNowFrom,
      hours: r.hoursLeft,
      difference: r.difference,
      direction: r.direction,
      creditedOnInvoice: r.creditedOnInvoice,
    }));
  }

  @Get('creches/:id/invoices')
  @RequirePermission('creches:plan')
  @Roles('MANAGER', 'ADMIN')
  @ApiOperation({ summary: "A month's invoices and credit notes of a crèche" })
  @ApiOkResponse({ type: [InvoiceResponseDto], description: 'without their lines' })
  @ApiErrors(400, 404)
  @ApiQuery({ name: 'month', required: true, example: '2027-03', pattern: '^20\\d\\d-(0[1-9]|1[0-2])$' })
  async listOfCreche(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
    @Query('month') month: string,
  ): Promise<InvoiceResponseDto[]> {
    if (!/^20\d\d-(0[1-9]|1[0-2])$/.test(month ?? ''))
      throw invalidFields([{ field: 'month', errors: ['month must be a month "YYYY-MM"'] }]);
    return (await this.invoices.listOfCreche(user, crecheId, month)).map((i) => InvoiceResponseDto.from(i));
  }

  @Get('creches/:id/balances')
  @RequirePermission('creches:plan')
  @Roles('MANAGER', 'ADMIN')
  @ApiOperation({
    summary:
      "Each household's balance with the crèche (invoiced, credited, paid), with its parents' and children's names",
  })
  @ApiOkResponse({ type: [CrecheBalanceResponseDto] })
  @ApiErrors(400, 404)
  async balancesOfCreche(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
  ): Promise<CrecheBalanceResponseDto[]> {
    return this.invoices.balancesOfCreche(user, crecheId);
  }

  @Get('families/:id/invoices')
  @RequirePermission('families:read')
  @ApiOperation({ summary: "A household's invoices and credit notes (its parents; managers: their crèches' only)" })
  @ApiOkResponse({ type: [InvoiceResponseDto], description: 'without their lines' })
  @ApiErrors(400, 404)
  async listOfFamily(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) familyId: string,
  ): Promise<InvoiceResponseDto[]> {
    return (await this.invoices.listOfFamily(user, familyId)).map((i) => InvoiceResponseDto.from(i));
  }

  @Get('families/:id/balance')
  @RequirePermission('families:read')
  @ApiOperation({ summary: "A household's balance per crèche: invoiced, credited, paid" })
  @ApiOkResponse({ type: [BalanceResponseDto] })
  @ApiErrors(400, 404)
  async balance(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) familyId: string,
  ): Promise<BalanceResponseDto[]> {
    return this.invoices.balances(user, familyId);
  }

  @Get('families/:id/payments')
  @RequirePermission('families:read')
  @ApiOperation({ summary: "A household's payments, the latest first (a manager sees those to their crèches)" })
  @ApiOkResponse({ type: [PaymentResponseDto] })
  @ApiErrors(400, 404)
  async payments(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) familyId: string,
  ): Promise<PaymentResponseDto[]> {
    return (await this.invoices.paymentsOfFamily(user, familyId)).map((p) => PaymentResponseDto.from(p));
  }

  @Get('invoices/:id')
  @RequirePermission('families:read')
  @ApiOperation({ summary: 'An invoice or credit note with its lines' })
  @ApiOkResponse({ type: InvoiceResponseDto })
  @ApiErrors(400, 404)
  async get(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string): Promise<InvoiceResponseDto> {
    const { invoice, lines } = await this.invoices.get(user, id);
    return InvoiceResponseDto.from(invoice, lines);
  }

  @Get('invoices/:id/pdf')
  @RequirePermission('families:read')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: 'The invoice or credit note as a PDF in French' })
  @ApiOkContent('The invoice or credit note (PDF), as an attachment', ['application/pdf'], { binary: true })
  @ApiErrors(400, 404)
  async pdf(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string): Promise<StreamableFile> {
    const { bytes, filename } = await this.invoices.pdf(user, id);
    return new StreamableFile(bytes, {
      type: 'application/pdf',
      length: bytes.length,
      disposition: `attachment; filename="${filename}"`,
    });
  }

  @Post('invoices/:id/credit-notes')
  @RequirePermission('creches:plan')
  @Roles('MANAGER', 'ADMIN')
  @ApiOperation({ summary: 'Issues a credit note that corrects an invoice (the invoice itself never changes)' })
  @ApiCreatedResponse({ type: InvoiceResponseDto, description: 'the credit note, without its lines' })
  @ApiErrors(400, 404, 429)
  async credit(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: CreditNoteDto,
  ): Promise<InvoiceResponseDto> {
    return InvoiceResponseDto.from(await this.invoices.credit(actor, id, dto));
  }

  @Post('creches/:id/payments')
  @RequirePermission('creches:plan')
  @Roles('MANAGER', 'ADMIN')
  @ApiOperation({ summary: 'Records a payment received from a household' })
  @ApiCreatedResponse({ type: PaymentResponseDto })
  @ApiErrors(400, 404, 429)
  async pay(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
    @Body() dto: PaymentDto,
  ): Promise<PaymentResponseDto> {
    return PaymentResponseDto.from(await this.invoices.pay(actor, crecheId, dto));
  }

  /**
   * The crèche's manager reminds a household of what it pays late (R8.15): each parent is e-mailed the late invoices.
   * Once a day per household and crèche (409 REMINDER.ALREADY_SENT_TODAY); 409 REMINDER.NOTHING_OVERDUE when nothing
   * is late; 409 REMINDER.NO_RECIPIENT when the household has no parent account left.
   */
  @Post('creches/:id/families/:familyId/payment-reminders')
  @RequirePermission('creches:plan')
  @Roles('MANAGER', 'ADMIN')
  @ApiOperation({ summary: 'E-mails a household a reminder of its invoices left unpaid after their due date' })
  @ApiCreatedResponse({ type: PaymentReminderResponseDto })
  @ApiErrors(400, 404, 409, 429)
  async remind(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) crecheId: string,
    @Param('familyId', uuidParam('familyId')) familyId: string,
  ): Promise<PaymentReminderResponseDto> {
    return this.reminders.remind(actor, crecheId, familyId);
  }

  @Post('payments/:id/cancel')
  @HttpCode(200)
  @RequirePermission('creches:plan')
  @Roles('MANAGER', 'ADMIN')
  @ApiOperation({
    summary: 'Cancels a payment recorded by mistake (kept in the history, counted nowhere), with the reason',
  })
  @ApiOkResponse({ type: PaymentResponseDto })
  @ApiErrors(400, 404, 409, 429)
  async cancelPayment(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: CancelPaymentDto,
  ): Promise<PaymentResponseDto> {
    return PaymentResponseDto.from(await this.invoices.cancelPayment(actor, id, dto.reason));
  }

  @Get('families/:id/childcare-certificates/:year')
  @RequirePermission('families:read')
  @Header('Cache-Control', 'private, no-store')
  @ApiParam({ name: 'year', example: '2026', schema: { type: 'string', pattern: '^20\\d\\d$' } })
  @ApiQuery({ name: 'crecheId', required: true })
  @ApiOperation({ summary: 'The yearly certificate of childcare costs paid (children under 6), as a PDF in French' })
  @ApiOkContent('The certificate (PDF), as an attachment', ['application/pdf'], { binary: true })
  @ApiErrors(400, 404)
  async certificate(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) familyId: string,
    @Param('year') year: string,
    @Query('crecheId', uuidParam('crecheId')) crecheId: string,
  ): Promise<StreamableFile> {
    if (!/^20\d\d$/.test(year)) throw invalidFields([{ field: 'year', errors: ['year must be a year such as 2027'] }]);
    const { bytes, filename } = await this.certificates.pdf(user, familyId, crecheId, Number(year));
    return new StreamableFile(bytes, {
      type: 'application/pdf',
      length: bytes.length,
      disposition: `attachment; filename="${filename}"`,
    });
  }
}
