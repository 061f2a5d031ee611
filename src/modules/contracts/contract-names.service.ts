import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FamilyNamesReadModel } from '../../read-models/family-names.read-model';
import type { ContractResponseDto } from './dto/contract.dto';

/** Adds the child's first name to contracts already read through the access checks (the managers' pages). */
@Injectable()
export class ContractNamesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly names: FamilyNamesReadModel,
  ) {}

  async named<T extends ContractResponseDto>(contracts: T[]): Promise<(T & { childFirstName: string | null })[]> {
    const names = await this.names.childFirstNames(
      this.dataSource.manager,
      contracts.map((c) => c.childId),
    );
    return contracts.map((c) => ({ ...c, childFirstName: names.get(c.childId) ?? null }));
  }
}
