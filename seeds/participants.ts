/**
 * Demo participants of both platforms. All companies are fictional. OU companies are identified by their
 * platform `operatorId` (UUID, as in the Ouranos API) and carry a 13-digit corporate number
 * (`openOperatorId`, fictional 9999… registry prefix, valid check digit); CX companies by their BPNL.
 */
import type { PlatformId } from '../certs/pki';
import {
  createParticipantDirectory,
  type DirectoryParticipant,
  type ParticipantDirectory,
} from '../adapters/canonical/directory';

export type SupplyChainRole =
  | 'packMaker'
  | 'cellMaker'
  | 'cathodeMaterialSupplier'
  | 'anodeMaterialSupplier'
  | 'refiner'
  | 'miner'
  | 'certifier';

export interface OuranosPlantSeed {
  plantId: string;
  /** Federation directory: the site's BPNS and its address's BPNA as the CX business-partner registry assigned them. */
  bpns: string;
  bpna: string;
  openPlantId: string;
  plantName: string;
  plantAddress: string;
  globalPlantId: string;
}

export interface OuranosParticipant {
  platform: 'ouranos';
  role: SupplyChainRole;
  operatorId: string;
  openOperatorId: string;
  globalOperatorId: string;
  /** Federation directory: the BPNL the CX business-partner registry assigned (as Catena-X BPDM does for non-members). */
  bpnl: string;
  operatorName: string;
  operatorAddress: string;
  /** ISO 3166-1 alpha-2 country of the company's main site. */
  countryCode: string;
  plants: OuranosPlantSeed[];
}

export interface CatenaXSiteSeed {
  bpns: string;
  /** Federation directory: the site's OU plantId as the OU registry assigned it. */
  plantId: string;
  /** BPNA of the site's main address (BatteryPass `facility`). */
  bpna: string;
  siteName: string;
  address: string;
}

export interface CatenaXParticipant {
  platform: 'catena-x';
  role: SupplyChainRole;
  bpnl: string;
  /** Federation directory: the company's OU operatorId as the OU registry assigned it. */
  operatorId: string;
  legalName: string;
  address: string;
  countryCode: string;
  sites: CatenaXSiteSeed[];
}

export type Participant = OuranosParticipant | CatenaXParticipant;

/** The IRI a participant is known by in canonical records (`issuer`, supplier identifiers). */
export function participantIri(p: Participant): string {
  return p.platform === 'ouranos'
    ? `urn:kakehashi:participant:ouranos:${p.operatorId}`
    : `urn:kakehashi:participant:catena-x:${p.bpnl}`;
}

export function participantId(p: Participant): string {
  return p.platform === 'ouranos' ? p.operatorId : p.bpnl;
}

export const OURANOS_PARTICIPANTS: readonly OuranosParticipant[] = [
  {
    platform: 'ouranos',
    role: 'packMaker',
    operatorId: '437da520-114d-4b02-bbac-20139bc82d43',
    openOperatorId: '8999901107919',
    globalOperatorId: 'JP-GOI-8999901107919',
    bpnl: 'BPNL00000J01SKRG',
    operatorName: 'Sakuragawa Mobility Systems K.K.',
    operatorAddress: '2-14-1 Minatomirai, Nishi-ku, Yokohama, Kanagawa 220-0012',
    countryCode: 'JP',
    plants: [
      {
        plantId: '1ac8f644-48e5-409c-bbc8-36d4de43074c',
        openPlantId: '8999901107919000101',
        plantName: 'Sakuragawa Oppama Pack Assembly Plant',
        plantAddress: '1-3 Natsushima-cho, Yokosuka, Kanagawa 237-0061',
        globalPlantId: 'JP-GPI-8999901107919-0101',
        bpns: 'BPNS00000J01PLNT',
        bpna: 'BPNA00000J01PLNT',
      },
    ],
  },
  {
    platform: 'ouranos',
    role: 'cellMaker',
    operatorId: 'bd2112c5-e922-48ba-9a50-5662d5d1d6ce',
    openOperatorId: '8999902115838',
    globalOperatorId: 'JP-GOI-8999902115838',
    bpnl: 'BPNL00000J02KWSM',
    operatorName: 'Kawasemi Energy Cells Co., Ltd.',
    operatorAddress: '5-8-2 Kitahama, Chuo-ku, Osaka 541-0041',
    countryCode: 'JP',
    plants: [
      {
        plantId: '6a6a91fe-7b4c-4cc5-b7e1-4aebf0ea6af3',
        openPlantId: '8999902115838000201',
        plantName: 'Kawasemi Himeji Cell Plant',
        plantAddress: '12 Shikama-ku Nakajima, Himeji, Hyogo 672-8035',
        globalPlantId: 'JP-GPI-8999902115838-0201',
        bpns: 'BPNS00000J02PLNT',
        bpna: 'BPNA00000J02PLNT',
      },
      {
        plantId: '62f0a6be-3665-4981-a455-453a999c6d92',
        openPlantId: '8999902115838000202',
        plantName: 'Kawasemi Tokushima LFP Cell Plant',
        plantAddress: '7-1 Kawauchi-cho, Tokushima 771-0131',
        globalPlantId: 'JP-GPI-8999902115838-0202',
        bpns: 'BPNS00000J03PLNT',
        bpna: 'BPNA00000J03PLNT',
      },
    ],
  },
  {
    platform: 'ouranos',
    role: 'cathodeMaterialSupplier',
    operatorId: 'e9982509-ee2f-4584-9646-43d46bfaab04',
    openOperatorId: '8999903123757',
    globalOperatorId: 'JP-GOI-8999903123757',
    bpnl: 'BPNL00000J03HKCM',
    operatorName: 'Hokuriku Cathode Materials Corporation',
    operatorAddress: '3-1 Kanda-machi, Toyama 930-0000',
    countryCode: 'JP',
    plants: [
      {
        plantId: '529a1834-06d9-4798-b3f1-161bd44d7272',
        openPlantId: '8999903123757000301',
        plantName: 'Hokuriku Niihama pCAM/CAM Works',
        plantAddress: '4-2 Isoura-cho, Niihama, Ehime 792-0002',
        globalPlantId: 'JP-GPI-8999903123757-0301',
        bpns: 'BPNS00000J04PLNT',
        bpna: 'BPNA00000J04PLNT',
      },
    ],
  },
  {
    platform: 'ouranos',
    role: 'anodeMaterialSupplier',
    operatorId: '9822876d-25da-49aa-8e21-6dd77dd94f68',
    openOperatorId: '8999904131676',
    globalOperatorId: 'JP-GOI-8999904131676',
    bpnl: 'BPNL00000J04THCA',
    operatorName: 'Tohoku Carbon Anode K.K.',
    operatorAddress: '1-9 Hon-cho, Aoba-ku, Sendai, Miyagi 980-0014',
    countryCode: 'JP',
    plants: [
      {
        plantId: '7fe9b16f-9caf-4b77-b2df-c5f5b85a807f',
        openPlantId: '8999904131676000401',
        plantName: 'Tohoku Ishinomaki Graphite Anode Plant',
        plantAddress: '22 Shiomi-cho, Ishinomaki, Miyagi 986-0842',
        globalPlantId: 'JP-GPI-8999904131676-0401',
        bpns: 'BPNS00000J05PLNT',
        bpna: 'BPNA00000J05PLNT',
      },
    ],
  },
  {
    platform: 'ouranos',
    role: 'refiner',
    operatorId: '60ac469b-712c-4b8b-8003-e9d778cf6b49',
    openOperatorId: '7999905139595',
    globalOperatorId: 'JP-GOI-7999905139595',
    bpnl: 'BPNL00000J05STNC',
    operatorName: 'Setouchi Nickel & Cobalt Refining Co., Ltd.',
    operatorAddress: '6-1 Hibi, Tamano, Okayama 706-0027',
    countryCode: 'JP',
    plants: [
      {
        plantId: 'b407fb1f-5fb0-4618-a192-f1895eba88db',
        openPlantId: '7999905139595000501',
        plantName: 'Setouchi Tamano Sulphate Refinery',
        plantAddress: '6-1 Hibi, Tamano, Okayama 706-0027',
        globalPlantId: 'JP-GPI-7999905139595-0501',
        bpns: 'BPNS00000J06PLNT',
        bpna: 'BPNA00000J06PLNT',
      },
    ],
  },
  {
    platform: 'ouranos',
    role: 'refiner',
    operatorId: '913dac90-21b2-4537-95aa-90a0e6e944af',
    openOperatorId: '8999906147514',
    globalOperatorId: 'ID-GOI-8999906147514',
    bpnl: 'BPNL00000J06MRWH',
    operatorName: 'PT Morowali Hijau Nickel Processing',
    operatorAddress: 'Kawasan Industri Bahodopi, Morowali, Central Sulawesi 94974, Indonesia',
    countryCode: 'ID',
    plants: [
      {
        plantId: '1756e94b-1021-4971-b429-adfdde31d98c',
        openPlantId: '8999906147514000601',
        plantName: 'Bahodopi HPAL Mixed Hydroxide Plant',
        plantAddress: 'Kawasan Industri Bahodopi, Morowali, Central Sulawesi 94974, Indonesia',
        globalPlantId: 'ID-GPI-8999906147514-0601',
        bpns: 'BPNS00000J07PLNT',
        bpna: 'BPNA00000J07PLNT',
      },
    ],
  },
  {
    platform: 'ouranos',
    role: 'miner',
    operatorId: 'e8debd6f-3fad-425b-b52c-958c6cc24502',
    openOperatorId: '8999907155433',
    globalOperatorId: 'CL-GOI-8999907155433',
    bpnl: 'BPNL00000J07SALI',
    operatorName: 'Salar Altiplano Litio SpA',
    operatorAddress: 'Avenida Grecia 1200, Antofagasta, Chile',
    countryCode: 'CL',
    plants: [
      {
        plantId: '174b6047-4b8f-4c36-9ef2-bdadf4578652',
        openPlantId: '8999907155433000701',
        plantName: 'Salar Altiplano Brine Operations',
        plantAddress: 'Salar de Atacama, San Pedro de Atacama, Antofagasta Region, Chile',
        globalPlantId: 'CL-GPI-8999907155433-0701',
        bpns: 'BPNS00000J08PLNT',
        bpna: 'BPNA00000J08PLNT',
      },
    ],
  },
  {
    platform: 'ouranos',
    role: 'miner',
    operatorId: 'daf210d9-df3e-45d9-b488-f3cc6b6b29ed',
    openOperatorId: '8999908163352',
    globalOperatorId: 'AU-GOI-8999908163352',
    bpnl: 'BPNL00000J08RGSP',
    operatorName: 'Red Gum Spodumene Pty Ltd',
    operatorAddress: '88 St Georges Terrace, Perth WA 6000, Australia',
    countryCode: 'AU',
    plants: [
      {
        plantId: '6bee9cf8-68e6-40a3-ba01-2ee1cab3566f',
        openPlantId: '8999908163352000801',
        plantName: 'Red Gum Pilgangoora Concentrator',
        plantAddress: 'Pilgangoora, Pilbara WA 6721, Australia',
        globalPlantId: 'AU-GPI-8999908163352-0801',
        bpns: 'BPNS00000J09PLNT',
        bpna: 'BPNA00000J09PLNT',
      },
    ],
  },
  {
    platform: 'ouranos',
    role: 'miner',
    operatorId: 'c9456778-6c54-452b-ac63-b433f6d69daf',
    openOperatorId: '8999909171271',
    globalOperatorId: 'CA-GOI-8999909171271',
    bpnl: 'BPNL00000J09BSNC',
    operatorName: 'Boreal Shield Nickel-Cobalt Mines Inc.',
    operatorAddress: '200 Bay Street, Toronto ON M5J 2J2, Canada',
    countryCode: 'CA',
    plants: [
      {
        plantId: '244e2eb2-8c42-4283-b9d7-f3ffdbbb8799',
        openPlantId: '8999909171271000901',
        plantName: 'Boreal Sudbury Basin Concentrator',
        plantAddress: 'Sudbury ON P3A 5K1, Canada',
        globalPlantId: 'CA-GPI-8999909171271-0901',
        bpns: 'BPNS00000J10PLNT',
        bpna: 'BPNA00000J10PLNT',
      },
    ],
  },
  {
    platform: 'ouranos',
    role: 'certifier',
    operatorId: '9dc104b6-a0f8-4c04-8757-0a5babc127c4',
    openOperatorId: '6999910179190',
    globalOperatorId: 'JP-GOI-6999910179190',
    bpnl: 'BPNL00000J10JBFV',
    operatorName: 'Japan Battery Footprint Verification Institute',
    operatorAddress: '1-2-3 Kasumigaseki, Chiyoda-ku, Tokyo 100-0013',
    countryCode: 'JP',
    plants: [],
  },
];

export const CATENA_X_PARTICIPANTS: readonly CatenaXParticipant[] = [
  {
    platform: 'catena-x',
    role: 'packMaker',
    bpnl: 'BPNL00000007RHBS',
    operatorId: 'b38ca0fc-aec4-561d-ae38-53e155221e8a',
    legalName: 'Rheinhafen Battery Systems GmbH',
    address: 'Hafenstrasse 21, 68159 Mannheim, Germany',
    countryCode: 'DE',
    sites: [
      {
        bpns: 'BPNS00000007RHB1',
        plantId: '5cf086f4-eeb7-587b-a53a-574ea5320860',
        bpna: 'BPNA00000007RHB1',
        siteName: 'Mannheim Pack Assembly',
        address: 'Hafenstrasse 21, 68159 Mannheim, Germany',
      },
    ],
  },
  {
    platform: 'catena-x',
    role: 'cellMaker',
    bpnl: 'BPNL00000008BCMF',
    operatorId: 'e1512734-3c7e-5525-8c25-68f3e1784220',
    legalName: 'Baltic Cell Manufacturing AB',
    address: 'Fabriksgatan 4, 931 36 Skelleftea, Sweden',
    countryCode: 'SE',
    sites: [
      {
        bpns: 'BPNS00000008BCM1',
        plantId: 'b66d3f7c-91c0-5378-89e1-fe2835f4168f',
        bpna: 'BPNA00000008BCM1',
        siteName: 'Skelleftea Gigafactory',
        address: 'Fabriksgatan 4, 931 36 Skelleftea, Sweden',
      },
      {
        bpns: 'BPNS00000008BCM2',
        plantId: '5180032a-06fd-5cd5-90ad-1174e269897c',
        bpna: 'BPNA00000008BCM2',
        siteName: 'Salzgitter LFP Line',
        address: 'Industriestrasse 9, 38239 Salzgitter, Germany',
      },
    ],
  },
  {
    platform: 'catena-x',
    role: 'cathodeMaterialSupplier',
    bpnl: 'BPNL00000009CTHX',
    operatorId: 'a254aecc-a5b6-5f00-a287-ee8363e97b21',
    legalName: 'Pohjola Cathode Materials Oy',
    address: 'Teollisuustie 12, 67900 Kokkola, Finland',
    countryCode: 'FI',
    sites: [
      {
        bpns: 'BPNS00000009CTH1',
        plantId: 'ed3ebf2c-54d4-5899-9301-db8cd3f6f0a8',
        bpna: 'BPNA00000009CTH1',
        siteName: 'Kokkola pCAM Plant',
        address: 'Teollisuustie 12, 67900 Kokkola, Finland',
      },
    ],
  },
  {
    platform: 'catena-x',
    role: 'anodeMaterialSupplier',
    bpnl: 'BPNL0000000AGRAF',
    operatorId: '8b294369-5f6f-5615-b4bc-d44f0b71508f',
    legalName: 'Laurentian Graphite Anodes Inc.',
    address: '1500 Rue Sherbrooke O, Montreal QC H3G 1L3, Canada',
    countryCode: 'CA',
    sites: [
      {
        bpns: 'BPNS0000000AGRA1',
        plantId: '1c75f3b7-4bf5-506a-8aaf-e8497da07f61',
        bpna: 'BPNA0000000AGRA1',
        siteName: 'Becancour Anode Plant',
        address: 'Becancour QC G9H 2V8, Canada',
      },
    ],
  },
  {
    platform: 'catena-x',
    role: 'refiner',
    bpnl: 'BPNL0000000BREFN',
    operatorId: '7f3c4e65-1e01-5113-8eb4-706d33d98b26',
    legalName: 'Lausitz Lithium Refining GmbH',
    address: 'Industriepark 3, 01968 Senftenberg, Germany',
    countryCode: 'DE',
    sites: [
      {
        bpns: 'BPNS0000000BREF1',
        plantId: 'c658d610-61d8-5791-946c-2ac43108e2fc',
        bpna: 'BPNA0000000BREF1',
        siteName: 'Lausitz LiOH Refinery',
        address: 'Industriepark 3, 01968 Senftenberg, Germany',
      },
    ],
  },
  {
    platform: 'catena-x',
    role: 'refiner',
    bpnl: 'BPNL0000000CKWNR',
    operatorId: '02b504fb-6ae3-5f54-ac5c-d565c1ae69bd',
    legalName: 'Kwinana Hydroxide Partners Pty Ltd',
    address: 'Mason Road, Kwinana Beach WA 6167, Australia',
    countryCode: 'AU',
    sites: [
      {
        bpns: 'BPNS0000000CKWN1',
        plantId: '745c6c7f-144d-52ec-9150-68433cad763e',
        bpna: 'BPNA0000000CKWN1',
        siteName: 'Kwinana Hydroxide Refinery',
        address: 'Mason Road, Kwinana Beach WA 6167, Australia',
      },
    ],
  },
  {
    platform: 'catena-x',
    role: 'miner',
    bpnl: 'BPNL0000000DANDS',
    operatorId: '7e12cc17-13c1-55b7-abf6-d201e620a9a0',
    legalName: 'Minera Andes Salares SpA',
    address: 'Avenida Apoquindo 4500, Las Condes, Santiago, Chile',
    countryCode: 'CL',
    sites: [
      {
        bpns: 'BPNS0000000DAND1',
        plantId: '54ddd7b5-fbfc-5548-881e-ee6ed7e285d8',
        bpna: 'BPNA0000000DAND1',
        siteName: 'Salar de Maricunga Brine Field',
        address: 'Salar de Maricunga, Atacama Region, Chile',
      },
    ],
  },
  {
    platform: 'catena-x',
    role: 'miner',
    bpnl: 'BPNL0000000EHALM',
    operatorId: '5fce9bcf-a373-5ad2-a120-62c134ab449d',
    legalName: 'PT Halmahera Laterite Mining',
    address: 'Jalan Raya Weda, Central Halmahera, North Maluku 97853, Indonesia',
    countryCode: 'ID',
    sites: [
      {
        bpns: 'BPNS0000000EHAL1',
        plantId: '0438ed24-d3b6-5e96-8bd9-e730ce19f334',
        bpna: 'BPNA0000000EHAL1',
        siteName: 'Weda Bay Laterite Mine',
        address: 'Weda Bay, North Maluku, Indonesia',
      },
    ],
  },
  {
    platform: 'catena-x',
    role: 'miner',
    bpnl: 'BPNL0000000FQCOB',
    operatorId: 'be620b69-8f86-5092-be93-76b776ca230e',
    legalName: 'Abitibi Cobalt Nickel Corp.',
    address: '800 Avenue Larivière, Rouyn-Noranda QC J9X 4K5, Canada',
    countryCode: 'CA',
    sites: [
      {
        bpns: 'BPNS0000000FQCO1',
        plantId: 'f6e2e2e9-4195-5abc-80b8-edecd6d00abb',
        bpna: 'BPNA0000000FQCO1',
        siteName: 'Abitibi Cobalt Mine',
        address: 'Rouyn-Noranda QC, Canada',
      },
    ],
  },
  {
    platform: 'catena-x',
    role: 'certifier',
    bpnl: 'BPNL0000000GCERT',
    operatorId: 'cbdbb8d3-bda4-5943-a61d-b6d62b6123c1',
    legalName: 'EuroBattery Assurance GmbH',
    address: 'Prüfallee 1, 80339 Munich, Germany',
    countryCode: 'DE',
    sites: [],
  },
];

export const ALL_PARTICIPANTS: readonly Participant[] = [...OURANOS_PARTICIPANTS, ...CATENA_X_PARTICIPANTS];

export function participantsOf(platform: PlatformId): readonly Participant[] {
  return platform === 'ouranos' ? OURANOS_PARTICIPANTS : CATENA_X_PARTICIPANTS;
}

/** The federation's participant directory entries of every seed participant (each one's ids on both platforms). */
export function seedDirectoryEntries(): DirectoryParticipant[] {
  return ALL_PARTICIPANTS.map((p): DirectoryParticipant =>
    p.platform === 'ouranos'
      ? {
          ouranos: { operatorId: p.operatorId },
          'catena-x': { bpnl: p.bpnl },
          sites: p.plants.map((s) => ({
            ouranos: { plantId: s.plantId },
            'catena-x': { bpns: s.bpns, bpna: s.bpna },
          })),
        }
      : {
          ouranos: { operatorId: p.operatorId },
          'catena-x': { bpnl: p.bpnl },
          sites: p.sites.map((s) => ({
            ouranos: { plantId: s.plantId },
            'catena-x': { bpns: s.bpns, bpna: s.bpna },
          })),
        },
  );
}

/** The participant directory over every seed participant (pass it as `directory` to the adapters). */
export function seedParticipantDirectory(): ParticipantDirectory {
  return createParticipantDirectory(seedDirectoryEntries());
}
