/**
 * The country calling codes assigned in ITU-T E.164 (countries, shared and global services), as data.
 * The codes form a prefix code: no code begins another, so a number's code is read unambiguously.
 * Pure module: no imports.
 *
 * Codes whose status is uncertain (878 UPT, 388 the former European numbering space, 991 ITPCS,
 * 997 Kazakhstan's new code) are listed: a code wrongly listed lets a number through, as before;
 * a code wrongly missing would refuse a real number.
 */
export const COUNTRY_CALLING_CODES: readonly string[] = [
	// Zone 1: the North American Numbering Plan.
	'1',
	// Zone 2: Africa and the North Atlantic.
	'20', '211', '212', '213', '216', '218',
	'220', '221', '222', '223', '224', '225', '226', '227', '228', '229',
	'230', '231', '232', '233', '234', '235', '236', '237', '238', '239',
	'240', '241', '242', '243', '244', '245', '246', '247', '248', '249',
	'250', '251', '252', '253', '254', '255', '256', '257', '258',
	'260', '261', '262', '263', '264', '265', '266', '267', '268', '269',
	'27', '290', '291', '297', '298', '299',
	// Zones 3 and 4: Europe.
	'30', '31', '32', '33', '34', '350', '351', '352', '353', '354', '355', '356', '357', '358', '359', '36',
	'370', '371', '372', '373', '374', '375', '376', '377', '378', '379',
	'380', '381', '382', '383', '385', '386', '387', '388', '389', '39',
	'40', '41', '420', '421', '423', '43', '44', '45', '46', '47', '48', '49',
	// Zone 5: South and Central America.
	'500', '501', '502', '503', '504', '505', '506', '507', '508', '509',
	'51', '52', '53', '54', '55', '56', '57', '58',
	'590', '591', '592', '593', '594', '595', '596', '597', '598', '599',
	// Zone 6: South-East Asia and Oceania.
	'60', '61', '62', '63', '64', '65', '66',
	'670', '672', '673', '674', '675', '676', '677', '678', '679',
	'680', '681', '682', '683', '685', '686', '687', '688', '689',
	'690', '691', '692',
	// Zone 7: Russia and Kazakhstan.
	'7',
	// Zone 8: East Asia and global services.
	'800', '808', '81', '82', '84', '850', '852', '853', '855', '856', '86',
	'870', '878', '880', '881', '882', '883', '886', '888',
	// Zone 9: West, Central and South Asia.
	'90', '91', '92', '93', '94', '95',
	'960', '961', '962', '963', '964', '965', '966', '967', '968',
	'970', '971', '972', '973', '974', '975', '976', '977', '979',
	'98', '991', '992', '993', '994', '995', '996', '997', '998',
];

const CODES = new Set(COUNTRY_CALLING_CODES);

/** The assigned country calling code `digits` (an international number without "+") begins with. */
export function countryCallingCode(digits: string): string | undefined {
	for (let length = 1; length <= 3; length++) {
		const prefix = digits.slice(0, length);
		if (CODES.has(prefix)) return prefix;
	}
	return undefined;
}

/** The shortest beginning of `digits` that no assigned code starts with (for error texts). */
export function unassignedPrefix(digits: string): string {
	for (let length = 1; length <= 3; length++) {
		const prefix = digits.slice(0, length);
		if (!COUNTRY_CALLING_CODES.some((code) => code.startsWith(prefix))) return prefix;
	}
	return digits.slice(0, 3);
}
