/**
 * The canonical record: a W3C VC 2.0 credential whose subject is one battery passport.
 *
 * Shape (see docs/data-model.md):
 * - envelope: `@context` [VC 2.0, Kakehashi v1], `type` [VerifiableCredential, BatteryPassportCredential],
 *   `id`, `issuer` (publishing company IRI), `validFrom`, optional `validUntil`;
 * - `credentialSubject` (`type: "BatteryPassport"`): the passport sections mirror Catena-X BatteryPass 6.1.0
 *   key for key (`identification`, `operation`, `characteristics`, ... — each key is a Kakehashi term with its
 *   own IRI in `https://w3id.org/kakehashi/vocab#`), plus `provenance` and Kakehashi's own `supplyChain`
 *   section, whose sensitive claims (`supplierName`, `supplierIdentifier`, `procurementVolume`) have
 *   dedicated IRIs.
 *
 * Units and code lists inside the passport sections are those of BatteryPass 6.1.0 (e.g. `unit:millimetre`,
 * category `EV`); procurement units in `supplyChain` are UN/ECE Recommendation 20 codes (`TNE`, `KGM`, ...).
 * Dates are `YYYY-MM-DD` calendar dates; times are ISO 8601 date-times.
 */

export const VC_V2_CONTEXT_URL = 'https://www.w3.org/ns/credentials/v2';
export const KAKEHASHI_CONTEXT_URL = 'https://w3id.org/kakehashi/v1';
export const KAKEHASHI_VOCAB = 'https://w3id.org/kakehashi/vocab#';
export const CANONICAL_CONTEXT = [VC_V2_CONTEXT_URL, KAKEHASHI_CONTEXT_URL] as const;
export const CANONICAL_TYPE = ['VerifiableCredential', 'BatteryPassportCredential'] as const;

export type SourcePlatform = 'ouranos' | 'catena-x';

// ---------------------------------------------------------------------------------------------------------
// Shared small shapes (BatteryPass 6.1.0 building blocks)
// ---------------------------------------------------------------------------------------------------------

/** A document reference (`content` is a URL or text, `contentType` e.g. "URL", `header` max 100 chars). */
export interface DocumentReference {
  contentType: string;
  header: string;
  content: string;
}
export interface KeyValue {
  key: string;
  value: string;
}
export interface MeasuredValue {
  value: number;
  unit: string;
}
/** A value observed at a time (dynamic performance). `time` is an ISO 8601 date-time. */
export interface TimedValue {
  value: number;
  time: string;
}
export interface MaterialIdentifier {
  /** 'CAS' | 'EC' | 'IUPAC' */
  type: string;
  name: string;
  id: string;
}

// ---------------------------------------------------------------------------------------------------------
// Passport sections (mirror BatteryPass 6.1.0; optional here, completeness is checked by the CX schema)
// ---------------------------------------------------------------------------------------------------------

export interface Identification {
  /** 'SLI' | 'LMT' | 'EV' | 'industrial' | 'portable' | 'incorporated' */
  category?: string;
  idDmc?: string;
  chemistry?: string;
  identification?: {
    serial?: KeyValue[];
    batch?: KeyValue[];
    type?: { manufacturerPartId: string; nameAtManufacturer: string };
    codes?: KeyValue[];
    dataCarrier?: { carrierType: string; carrierLayout: string };
    classification?: {
      classificationStandard: string;
      classificationID: string;
      classificationDescription?: string;
    }[];
  };
}

export interface Operation {
  intoServiceDate?: string;
  manufacturer?: {
    /** BPNL of the manufacturer (CX) or the platform's company identifier. */
    manufacturer?: string;
    /** Manufacturing sites (BPNA on CX). */
    facility?: { facility: string }[];
    manufacturingDate?: string;
  };
}

export interface Characteristics {
  warranty?: { lifeValue: number; lifeUnit: string };
  physicalDimension?: {
    height?: MeasuredValue;
    length?: MeasuredValue;
    width?: MeasuredValue;
    weight?: MeasuredValue;
  };
}

export interface CarbonFootprint {
  value?: number;
  unit?: string;
  /** Life-cycle stage, e.g. "main product production". */
  lifecycle?: string;
  /** Impact category, e.g. "Climate Change Total". */
  type?: string;
  performanceClass?: string;
  rulebook?: DocumentReference[];
  declaration?: DocumentReference[];
  manufacturingPlant?: { facility: string }[];
  /**
   * Kakehashi term (not BatteryPass): the data-quality rating of this footprint, as the PEF/Ouranos DQR
   * (technological, geographical, time-related representativeness; 1 = best). The CX adapter drops it.
   */
  dataQualityRating?: DataQualityRating;
}

export interface DataQualityRating {
  technologicalRepresentativeness?: number;
  geographicalRepresentativeness?: number;
  timeRelatedRepresentativeness?: number;
}

export interface Sustainability {
  documents?: {
    separateCollection?: DocumentReference[];
    wastePrevention?: DocumentReference[];
    euTaxonomyDisclosureStatement?: DocumentReference[];
    sustainabilityReport?: DocumentReference[];
  };
  carbonFootprint?: CarbonFootprint[];
  /** 'original' | 'repurposed' | 're-used' | 'remanufactured' | 'waste' */
  status?: string;
}

export interface ActiveMaterial {
  location?: string;
  /** Recycled share, percent 0..100. */
  recycled?: number;
  critical?: boolean;
  documentation?: DocumentReference[];
}
export interface HazardousSubstance {
  location?: string;
  concentration?: number;
  materialUnit?: string;
  critical?: boolean;
  impactOfSubstances?: DocumentReference[];
  documentation?: DocumentReference[];
}
export interface LeadContent extends ActiveMaterial, HazardousSubstance {}
export interface OtherActiveMaterial extends ActiveMaterial {
  materialIdentification?: MaterialIdentifier[];
}
export interface OtherHazardousSubstance extends HazardousSubstance {
  materialIdentification?: MaterialIdentifier[];
}
export interface CompositionEntry {
  id?: MaterialIdentifier[];
  unit?: string;
  concentration?: number;
  location?: string;
  critical?: boolean;
  recycled?: number;
  renewable?: number;
  documentation?: DocumentReference[];
}
export interface Materials {
  active?: {
    nickel?: ActiveMaterial;
    lithium?: ActiveMaterial;
    cobalt?: ActiveMaterial;
    lead?: LeadContent;
    other?: OtherActiveMaterial[];
  };
  hazardous?: {
    cadmium?: HazardousSubstance;
    mercury?: HazardousSubstance;
    lead?: LeadContent;
    other?: OtherHazardousSubstance[];
  };
  composition?: CompositionEntry[];
}

export interface RatedPerformance {
  voltage?: { min: number; max: number; nominal: number; temperature?: number };
  roundTripEfficiency?: {
    depthOfDischarge: number;
    initial: number;
    '50PercentLife': number;
    temperature?: number;
  };
  energy?: { value: number; temperature?: number };
  resistance?: { cell: number; pack: number; module?: number; temperature?: number };
  power?: { value: number; at20SoC: number; at80SoC: number; temperature?: number };
  capacity?: { value: number; thresholdExhaustion: number; temperature?: number };
  performanceDocument?: DocumentReference[];
  /** Operating temperature range, degrees Celsius. */
  temperature?: { lower: number; upper: number };
  selfDischargingRate?: number;
  testReport?: DocumentReference[];
  lifetime?: {
    expectedYears: number;
    report: DocumentReference[];
    cycleLifeTesting: {
      temperature: number;
      cycles: number;
      depthOfDischarge: number;
      appliedChargeRate: number;
      appliedDischargeRate: number;
    };
  };
}
export interface DynamicPerformance {
  stateOfCharge?: TimedValue;
  fullCycles?: TimedValue;
  selfDischargingRate?: number;
  performanceDocument?: DocumentReference[];
  power?: { fade: TimedValue; remaining: TimedValue };
  capacity?: { fade: TimedValue; throughput: TimedValue; capacity: TimedValue };
  roundTripEfficiency?: { fade: TimedValue; remaining: TimedValue };
  resistance?: {
    increase: { pack: TimedValue; cell: TimedValue; module?: TimedValue };
    remaining: { pack: TimedValue; cell: TimedValue; module?: TimedValue };
  };
  energy?: { soce: TimedValue; remaining: TimedValue; throughput?: TimedValue };
  negativeEvents?: DocumentReference[];
  operatingEnvironment?: DocumentReference[];
}
export interface Performance {
  rated?: RatedPerformance;
  dynamic?: DynamicPerformance;
}

export interface Conformity {
  declarationOfConformityId?: string;
  declarationOfConformity?: DocumentReference[];
  resultOfTestReport?: DocumentReference[];
  thirdPartyAssurance?: DocumentReference[];
  dueDiligencePolicy?: DocumentReference[];
}

export interface Safety {
  usableExtinguishAgent?: { media: string; fireClass: string; document?: DocumentReference[] }[];
  safetyMeasures?: DocumentReference[];
  meaningOfLabels?: DocumentReference[];
  safeDischarging?: DocumentReference[];
  dismantling?: DocumentReference[];
  removalFromAppliance?: DocumentReference[];
}

export interface PassportSource {
  content: string;
  category: string;
  type: string;
  header: string;
}

export interface PassportMetadata {
  version?: string;
  /** 'draft' | 'approved' | 'invalid' | 'expired' */
  status?: string;
  expirationDate?: string;
  issueDate?: string;
  economicOperatorId?: string;
  passportIdentifier?: string;
  predecessor?: string;
  backupReference?: string;
  registrationIdentifier?: string;
  lastModification?: string;
}

export interface Commercial {
  placedOnMarket?: string;
  purpose?: string[];
}

export interface Handling {
  applicable?: boolean;
  content?: {
    producer?: { id: string }[];
    sparePart?: { manufacturerPartId: string; nameAtManufacturer: string }[];
  };
}

// ---------------------------------------------------------------------------------------------------------
// Kakehashi's own sections
// ---------------------------------------------------------------------------------------------------------

export interface Provenance {
  sourcePlatform: SourcePlatform;
  /** IRI of the publishing company, e.g. `urn:kakehashi:participant:catena-x:BPNL000000000001`. */
  publisher: string;
  /** The record's stable id on its source platform. */
  recordId: string;
  recordVersion: string;
}

/** UN/ECE Recommendation 20 unit codes allowed for procurement volumes. */
export const PROCUREMENT_UNITS = ['TNE', 'KGM', 'GRM', 'LBR', 'STN', 'H87', 'LTR', 'KWH'] as const;
export type ProcurementUnit = (typeof PROCUREMENT_UNITS)[number];

export const ORIGIN_SITE_TYPES = ['mine', 'refinery', 'smelter', 'processing', 'recycling'] as const;
export type OriginSiteType = (typeof ORIGIN_SITE_TYPES)[number];

/** Where a supplied material comes from. `originCountry` is ISO 3166-1 alpha-2. */
export interface MaterialOrigin {
  originCountry: string;
  originSiteType?: OriginSiteType;
  originSiteName?: string;
  /** The site's identifier on the platform (a BPNS on CX). */
  originSiteIdentifier?: string;
}

/** SENSITIVE: withheld by every shipped policy. */
export interface ProcurementVolume {
  quantity: number;
  unit: ProcurementUnit;
  /** Inclusive calendar dates `YYYY-MM-DD`. */
  period: { start: string; end: string };
}

/** One supplier relation at a tier of the battery's supply chain. */
export interface SupplierRelation {
  /** 1 = direct supplier of the publisher, 2 = its supplier, ... */
  tier: number;
  /** SENSITIVE. */
  supplierName?: string;
  /**
   * SENSITIVE: a participant IRI (`urn:kakehashi:participant:<platform>:<id>`) or the source platform's native id
   * (a BPNL on CX). Required in a published record; absent from a presentation that withholds it (presentations
   * are typed as published records: mappings check for its absence).
   */
  supplierIdentifier: string;
  /** Identifier of the supplied item (a catenaXId on CX). */
  suppliedItemId?: string;
  /** The supplied material or component, e.g. "cobalt", "cathode active material". */
  suppliedMaterial?: string;
  materialOrigin?: MaterialOrigin;
  /** SENSITIVE. */
  procurementVolume?: ProcurementVolume;
  /** How much of the supplied item one unit of its parent needs (a BOM quantity, not a procurement volume). */
  quantityPerParent?: PartQuantity;
}

/** UN/ECE Rec. 20 codes of part quantities: piece, kilogram, litre, m³, m², kWh, MJ, tonne-kilometre. */
export const PART_QUANTITY_UNITS = ['H87', 'KGM', 'LTR', 'MTQ', 'MTK', 'KWH', '3B', 'TKM'] as const;
export type PartQuantityUnit = (typeof PART_QUANTITY_UNITS)[number];

export interface PartQuantity {
  value: number;
  unit: PartQuantityUnit;
}

/** A reference to a certification of the product (e.g. a verified carbon footprint) and its documents. */
export interface CertificationReference {
  certificationId: string;
  certificationDescription?: string;
  certificationDocuments?: { certificationDocumentId: string; certificationDocumentName: string }[];
}

export interface SupplyChain {
  /** Identifier of the battery in the supply-chain (BOM) view (catenaXId on CX). */
  itemId?: string;
  suppliers: SupplierRelation[];
}

// ---------------------------------------------------------------------------------------------------------
// The passport and the credential
// ---------------------------------------------------------------------------------------------------------

/** The passport sections that mirror BatteryPass 6.1.0 (all optional at the canonical level). */
export interface PassportSections {
  specVersion?: string;
  identification?: Identification;
  operation?: Operation;
  characteristics?: Characteristics;
  sustainability?: Sustainability;
  materials?: Materials;
  performance?: Performance;
  conformity?: Conformity;
  safety?: Safety;
  sources?: PassportSource[];
  metadata?: PassportMetadata;
  commercial?: Commercial;
  handling?: Handling;
}

export const PASSPORT_SECTION_KEYS = [
  'specVersion',
  'identification',
  'operation',
  'characteristics',
  'sustainability',
  'materials',
  'performance',
  'conformity',
  'safety',
  'sources',
  'metadata',
  'commercial',
  'handling',
] as const satisfies ReadonlyArray<keyof PassportSections>;

export interface BatteryPassport extends PassportSections {
  /** IRI of the battery passport (e.g. `urn:uuid:...`). Never selectively disclosable. */
  id: string;
  type: 'BatteryPassport';
  provenance: Provenance;
  supplyChain?: SupplyChain;
  /** Kakehashi term: certifications of the product (the CX adapter writes them as BatteryPass `sources`). */
  certificationReferences?: CertificationReference[];
}

export interface CanonicalRecord {
  '@context': readonly [typeof VC_V2_CONTEXT_URL, typeof KAKEHASHI_CONTEXT_URL];
  type: readonly ['VerifiableCredential', 'BatteryPassportCredential'];
  /** IRI of the credential, e.g. `urn:kakehashi:record:catena-x:<recordId>:<recordVersion>`. */
  id: string;
  /** IRI of the publishing company (same as `credentialSubject.provenance.publisher`). */
  issuer: string;
  /** XSD dateTime. */
  validFrom: string;
  validUntil?: string;
  credentialSubject: BatteryPassport;
}
