/*
 * gen — synthetic content for the gongshi benchmark (tests/bench/run.sh).
 *
 *	gen [-u UNITS] [-o OBJECTIONS] APPLICANTS CYCLES OUTDIR [FIRST_YEAR]
 *
 * Writes a content/ folder (DESIGN §2) with CYCLES cycles of APPLICANTS
 * applicants each, every second year (art. 4) from FIRST_YEAR (default:
 * the last cycle is 2025, but none before 1981). The content passes every
 * check of the Measures, so `gongshi build` renders all of it:
 *
 *  - a synthetic calendar, calendar/<year>.yaml for every year touched:
 *    weekends off, NO holidays and no make-up days (said in each file), so
 *    that any number of years works and a publicity starting on a Monday
 *    ends on the Friday;
 *  - varied names (place + brand + trade + form), ~40 recommending units,
 *    credit codes with the GB 32100-2015 check character, unique across
 *    cycles (so no art. 15 reapplication);
 *  - a funnel like a real cycle: 98 % recommended, 90 % of those accepted,
 *    20 % to presentation, 25 % of those on site, then 5 awards and 10
 *    nominations (art. 4 quotas), the rest none;
 *  - per cycle three objections (unfounded; disqualifying, whose applicant
 *    then fails the material review; anonymous, not accepted) and three
 *    sanctions (an old incident outside the art. 9(3) window; false
 *    materials of an applicant failed at qualification; a violation after
 *    the award, with the government's revocation decision, art. 20).
 *
 * For the growth cases of the benchmark (issue 14): -u UNITS spreads the
 * applicants over UNITS recommending units of their own (样例推荐单位N)
 * instead of the ~40 real ones; -o OBJECTIONS writes that many objections
 * per cycle (the three above, then unfounded ones from units against
 * further accepted applicants). Everything else stays the same bytes as
 * without them, so that only the one dimension grows.
 *
 * Deterministic: the same arguments give the same bytes (a fixed PRNG).
 * Plain C11 and POSIX, no dependency: run.sh compiles it with cc.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- dates: days since 1970-01-01, proleptic Gregorian ----------------------- */

static long
days_from_ymd(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
ymd_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
static int
weekday(long day)
{
	return (int)(((day % 7) + 7 + 3) % 7);
}

/* The synthetic calendar: Monday to Friday are working days. */
static int
working(long day)
{
	return weekday(day) < 5;
}

static long
next_working(long day)
{
	while (!working(day))
		day++;
	return day;
}

static long
prev_working(long day)
{
	while (!working(day))
		day--;
	return day;
}

static long
next_monday(long day)
{
	while (weekday(day) != 0)
		day++;
	return day;
}

/* The n-th working day counted from start inclusive (start is one). */
static long
publicity_end(long start, int n)
{
	long d = start;

	for (n--; n > 0; n--)
		d = next_working(d + 1);
	return d;
}

/* n working days after from, from itself not counted (art. 13). */
static long
add_working(long from, int n)
{
	long d = from;

	while (n-- > 0)
		d = next_working(d + 1);
	return d;
}

static const char *
iso(long day)
{
	static char ring[8][16];
	static int k;
	char *s = ring[k++ % 8];
	int y, m, d;

	ymd_from_days(day, &y, &m, &d);
	snprintf(s, 16, "%04d-%02d-%02d", y, m, d);
	return s;
}

/* --- a small deterministic PRNG (xorshift64*) ----------------------------------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

/* 0 ≤ result < n */
static unsigned
pick(unsigned n)
{
	return (unsigned)(rng() % n);
}

/* true with probability percent / 100 */
static int
chance(unsigned percent)
{
	return pick(100) < percent;
}

/* --- words ------------------------------------------------------------------- */

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

struct region {
	const char	*name;
	const char	*division;	/* 6-digit 登记管理机关行政区划码 */
	const char	*city;		/* for addresses */
};

static const struct region regions[] = {
	{ "乌鲁木齐市", "650100", "乌鲁木齐市" },
	{ "克拉玛依市", "650200", "克拉玛依市" },
	{ "吐鲁番市", "650400", "吐鲁番市" },
	{ "哈密市", "650500", "哈密市" },
	{ "昌吉回族自治州", "652300", "昌吉市" },
	{ "博尔塔拉蒙古自治州", "652700", "博乐市" },
	{ "巴音郭楞蒙古自治州", "652800", "库尔勒市" },
	{ "阿克苏地区", "652900", "阿克苏市" },
	{ "克孜勒苏柯尔克孜自治州", "653000", "阿图什市" },
	{ "喀什地区", "653100", "喀什市" },
	{ "和田地区", "653200", "和田市" },
	{ "伊犁哈萨克自治州", "654000", "伊宁市" },
	{ "塔城地区", "654200", "塔城市" },
	{ "阿勒泰地区", "654300", "阿勒泰市" },
	{ "新疆生产建设兵团", "660000", "石河子市" },
};

/* Recommending units besides the 15 market regulation bureaus: 25 more. */
static const char *const departments[] = {
	"自治区发展和改革委员会", "自治区工业和信息化厅", "自治区科学技术厅",
	"自治区商务厅", "自治区农业农村厅", "自治区文化和旅游厅",
	"自治区卫生健康委员会", "自治区住房和城乡建设厅", "自治区交通运输厅",
	"自治区水利厅", "自治区教育厅", "自治区生态环境厅",
	"自治区应急管理厅", "自治区国有资产监督管理委员会",
	"自治区地方金融管理局", "自治区林业和草原局", "自治区能源局",
	"自治区通信管理局", "自治区邮政管理局", "自治区总工会",
	"自治区工商业联合会", "自治区质量协会", "自治区标准化研究院",
	"自治区产品质量监督检验研究院", "自治区企业联合会",
};

static const char *const places[] = {
	"天山", "昆仑", "准噶尔", "博格达", "阿尔泰", "塔里木", "胡杨", "丝路",
	"火洲", "雪莲", "赛里木", "喀纳斯", "帕米尔", "伊犁河谷", "天池",
	"罗布泊", "巴音布鲁克", "那拉提", "红山", "金沙", "玉龙", "白杨",
	"戈壁", "绿洲", "西域", "楼兰", "龟兹", "高昌", "疏勒", "于阗",
};

static const char *const brands[] = {
	"瑞丰", "恒泰", "华源", "新宇", "同创", "宏远", "鑫盛", "德润", "嘉禾",
	"康达", "汇通", "中联", "远航", "众诚", "博奥", "天润", "金石", "长青",
	"福瑞", "安泰", "永兴", "信达", "盛世", "卓越", "和美", "润泽", "金穗",
	"光明", "凯德", "广汇", "晨光", "锦程", "聚力", "普惠", "兴业", "振华",
	"明阳", "佳禾", "万通", "弘毅",
};

struct trade {
	const char	*word;		/* in the name */
	const char	*industry;	/* the industry column */
};

static const struct trade trades[] = {
	{ "精密制造", "通用设备制造业" },
	{ "新材料", "化学原料和化学制品制造业" },
	{ "乳业", "食品制造业" },
	{ "农业科技", "农业" },
	{ "纺织", "纺织业" },
	{ "棉业", "农副食品加工业" },
	{ "物流", "交通运输、仓储和邮政业" },
	{ "葡萄酒业", "酒、饮料和精制茶制造业" },
	{ "果业", "农副食品加工业" },
	{ "风电装备", "电气机械和器材制造业" },
	{ "石化装备", "专用设备制造业" },
	{ "建设工程", "建筑业" },
	{ "番茄制品", "农副食品加工业" },
	{ "数智科技", "软件和信息技术服务业" },
	{ "光伏材料", "非金属矿物制品业" },
	{ "煤化工", "石油、煤炭及其他燃料加工业" },
	{ "有色金属", "有色金属冶炼和压延加工业" },
	{ "畜牧", "畜牧业" },
	{ "医药", "医药制造业" },
	{ "电力", "电力、热力生产和供应业" },
	{ "旅游发展", "文化、体育和娱乐业" },
	{ "检测认证", "科学研究和技术服务业" },
	{ "水务", "水的生产和供应业" },
	{ "汽车服务", "汽车制造业" },
};

static const char *const forms[] = {
	"有限公司", "有限责任公司", "股份有限公司", "集团有限公司",
	"（集团）股份有限公司",
};

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "马", "郑",
	"孙", "朱", "胡", "郭", "何", "高", "林", "罗",
};
static const char *const given[] = {
	"建军", "海燕", "志强", "丽娜", "伟", "芳", "国庆", "红梅", "新疆",
	"晓东", "玉兰", "立明", "宏伟", "秀英", "文博", "静",
};
static const char *const uyghur_names[] = {
	"努尔兰·哈力别克", "热娜古丽·艾买提", "艾尔肯·吐尔逊", "古丽米拉·阿不都",
	"买买提·依明", "阿依努尔·卡德尔", "迪力夏提·热合曼", "帕提古丽·肉孜",
};

static const char *const fail_notes[] = {
	"", "", "", "材料不完整", "评审得分未达入围线", "经审核未达到申报条件",
};

/* --- output ------------------------------------------------------------------- */

static const char *outdir;

static void
die(const char *what, const char *path)
{
	fprintf(stderr, "gen: %s %s: %s\n", what, path, strerror(errno));
	exit(1);
}

static FILE *
open_out(const char *fmt, ...)
{
	char rel[256], path[1024];
	va_list ap;
	FILE *f;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	snprintf(path, sizeof(path), "%s/%s", outdir, rel);
	if ((f = fopen(path, "w")) == NULL)
		die("cannot write", path);
	return f;
}

static void
close_out(FILE *f)
{
	if (ferror(f) || fclose(f) != 0)
		die("cannot write", "a file");
}

static void
make_dir(const char *fmt, ...)
{
	char rel[256], path[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	snprintf(path, sizeof(path), "%s/%s", outdir, rel);
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		die("cannot create", path);
}

/* --- credit codes (GB 32100-2015) -------------------------------------------------- */

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/*
 * "91" (enterprise) or "12" (public institution), the division code, a
 * 9-character organisation code spread from serial over the alphabet (an
 * affine map mod 31^9, so distinct serials give distinct codes), and the
 * check character.
 */
static void
credit_code(unsigned long serial, const char *division, int institution,
    char out[19])
{
	const uint64_t mod = 26439622160671ULL;		/* 31^9 */
	uint64_t v = (serial * 7919ULL * 104729ULL + 9876543210987ULL) % mod;
	int i, sum = 0, w = 1, check;

	memcpy(out, institution ? "12" : "91", 2);
	memcpy(out + 2, division, 6);
	for (i = 16; i >= 8; i--) {
		out[i] = alphabet[v % 31];
		v /= 31;
	}
	for (i = 0; i < 17; i++) {
		sum += (int)(strchr(alphabet, out[i]) - alphabet) * w;
		w = w * 3 % 31;
	}
	check = 31 - sum % 31;
	out[17] = alphabet[check == 31 ? 0 : check];
	out[18] = '\0';
}

/* --- site.yaml and the calendar ------------------------------------------------------ */

static void
write_site(void)
{
	FILE *f = open_out("site.yaml");

	fputs("# Synthetic content for the gongshi benchmark (tests/bench/gen.c).\n"
	    "title: 新疆维吾尔自治区人民政府质量奖公示公告\n"
	    "base_url: https://zlj.example.gov.cn/\n"
	    "award:\n"
	    "  name: 新疆维吾尔自治区人民政府质量奖\n"
	    "  short_name: 新疆质量奖\n"
	    "  nomination_name: 新疆维吾尔自治区人民政府质量奖提名奖\n"
	    "  government: 新疆维吾尔自治区人民政府\n"
	    "  measures: 《新疆维吾尔自治区人民政府质量奖管理办法》（新政办发〔2023〕8号）\n"
	    "  certificate_prefix: XJZLJ\n"
	    "office:\n"
	    "  name: 自治区质量强区工作领导小组办公室\n"
	    "  host: 自治区市场监督管理局\n"
	    "  address: 乌鲁木齐市水磨沟区南湖示范路88号\n"
	    "  postcode: \"830063\"\n"
	    "  phone: 0991-5550100\n"
	    "  email: zlj@example.gov.cn\n", f);
	close_out(f);
}

static void
write_calendar(int year)
{
	FILE *f = open_out("calendar/%d.yaml", year);

	fprintf(f, "# SYNTHETIC calendar for the benchmark: weekends off, no "
	    "holidays,\n# no make-up working days. Not the real %d calendar.\n"
	    "year: %d\n"
	    "sources:\n"
	    "  - name: 基准测试用合成日历（仅周末休息，无节假日）\n"
	    "days_off: []\n"
	    "working_days: []\n", year, year);
	close_out(f);
}

/* --- one cycle ------------------------------------------------------------------------- */

struct app {
	char		 code[19];
	/* Per stage: 'p' pass, 'f' fail, 'w' withdrawn, 'A' award,
	 * 'N' nomination, '0' none; 0 when not decided. */
	int		 result[7];
	long		 date[7];
};

enum { REC, QUAL, MAT, PRES, ONSITE, DELIB, APPROV };

static const char *const stage_names[] = {
	"recommendation", "qualification", "material", "presentation",
	"onsite", "deliberation", "approval",
};

/* The dates of one cycle's notices. */
struct sched {
	long	deadline, call, rec, acc, pres, onsite, prop, dec;
	long	d[7];		/* stage decision dates (onsite: the first) */
};

static void
schedule(int year, struct sched *s)
{
	s->call = next_working(days_from_ymd(year, 4, 1));
	s->deadline = next_working(days_from_ymd(year, 6, 30));
	s->rec = next_monday(days_from_ymd(year, 6, 10));
	s->acc = next_monday(days_from_ymd(year, 7, 15));
	s->pres = next_monday(days_from_ymd(year, 8, 20));
	s->onsite = next_monday(days_from_ymd(year, 9, 25));
	s->prop = next_monday(days_from_ymd(year, 11, 20));
	s->dec = next_working(days_from_ymd(year, 12, 19));
	/* Each list decided before the notice that publishes it, and after
	 * the publicity before it ended (art. 11). */
	s->d[REC] = prev_working(s->rec - 3);
	s->d[QUAL] = prev_working(s->acc - 3);
	s->d[MAT] = prev_working(s->pres - 3);
	s->d[PRES] = prev_working(s->onsite - 3);
	s->d[ONSITE] = next_working(s->onsite + 14);
	s->d[DELIB] = prev_working(s->prop - 3);
	s->d[APPROV] = prev_working(s->dec - 1);
}

static void
write_cycle_yaml(int year, int edition, const struct sched *s)
{
	FILE *f = open_out("%d/cycle.yaml", year);

	fprintf(f, "# Synthetic cycle (tests/bench/gen.c).\n"
	    "year: %d\nedition: %d\napplication_deadline: %s\nnotices:\n",
	    year, edition, iso(s->deadline));
	fprintf(f, "  call:           { date: %s, number: 新质强办〔%d〕3号 }\n",
	    iso(s->call), year);
	fprintf(f, "  recommendation: { date: %s }\n", iso(s->rec));
	fprintf(f, "  acceptance:     { date: %s }\n", iso(s->acc));
	fprintf(f, "  presentation:   { date: %s }\n", iso(s->pres));
	fprintf(f, "  onsite:         { date: %s }\n", iso(s->onsite));
	fprintf(f, "  proposal:       { date: %s }\n", iso(s->prop));
	fprintf(f, "  decision:       { date: %s, number: 新政发〔%d〕45号 }\n",
	    iso(s->dec), year);
	close_out(f);
}

/* A name for a person, Han or Uyghur. */
static void
person(char *out, size_t n)
{
	if (chance(20))
		snprintf(out, n, "%s", uyghur_names[pick(N_OF(uyghur_names))]);
	else
		snprintf(out, n, "%s%s", surnames[pick(N_OF(surnames))],
		    given[pick(N_OF(given))]);
}

/* CSV quoting where needed (a note with a comma). */
static void
csv_field(FILE *f, const char *s)
{
	const char *p;

	if (strpbrk(s, ",\"\n") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

static unsigned long	 n_units;	/* -u: 0 for the real ~40 units */
static unsigned long	 n_objections = 3;	/* -o */

static void
write_orgs(int year, struct app *apps, size_t n, unsigned long serial0,
    const struct sched *s)
{
	FILE *f = open_out("%d/organizations.csv", year);
	const struct region *r;
	const struct trade *t;
	char name[256], unit[128], contact[64];
	long founded, ips;
	size_t i;
	int ns;

	fputs("credit_code,name,region,recommender,founded,industry,new_sector,"
	    "sme,internal_publicity_start,internal_publicity_end,contact,phone,"
	    "email,confidential\n", f);
	for (i = 0; i < n; i++) {
		r = &regions[pick(N_OF(regions))];
		t = &trades[pick(N_OF(trades))];
		credit_code(serial0 + i, r->division, chance(4), apps[i].code);
		snprintf(name, sizeof(name), "%s%s%s%s",
		    places[pick(N_OF(places))], brands[pick(N_OF(brands))],
		    t->word, forms[pick(N_OF(forms))]);
		/* ~60 % by their division's bureau, the rest by a department. */
		if (chance(60))
			snprintf(unit, sizeof(unit), "%s市场监督管理局", r->name);
		else
			snprintf(unit, sizeof(unit), "%s",
			    departments[pick(N_OF(departments))]);
		/* -u: interleaved along the list, as real units are */
		if (n_units > 0)
			snprintf(unit, sizeof(unit), "样例推荐单位%lu",
			    (unsigned long)((i * 2654435761u) % n_units) + 1);
		/* Operating 6 to 40 years at the deadline (art. 9(2)). */
		ns = chance(5);
		founded = s->deadline - 365L * 6 - (long)pick(365 * 34);
		person(contact, sizeof(contact));
		fprintf(f, "%s,%s,%s,%s,%s,%s,%s,%s,", apps[i].code, name,
		    r->name, unit, iso(founded), t->industry, ns ? "yes" : "no",
		    chance(70) ? "yes" : "no");
		/* The applicant's own publicity: Monday to Friday, two weeks
		 * before its recommendation (art. 11(2)). */
		if (chance(70)) {
			ips = next_monday(s->d[REC] - 20);
			fprintf(f, "%s,%s,", iso(ips), iso(publicity_end(ips, 5)));
		} else
			fputs(",,", f);
		fprintf(f, "%s,139%08u,user%lu@example.com,%s\n", contact,
		    pick(100000000), serial0 + i,
		    chance(3) ? "industry;founded" : chance(2) ? "sme" : "");
	}
	close_out(f);
}

/* Decides each stage of the funnel for every applicant, with its date. */
static void
decide(struct app *apps, size_t n, const struct sched *s)
{
	static const unsigned pass[] = { 98, 90, 20, 25, 97 };
	size_t i, awards = 0, noms = 0;
	int k, r;

	for (i = 0; i < n; i++) {
		memset(apps[i].result, 0, sizeof(apps[i].result));
		for (k = REC; k <= ONSITE; k++) {
			r = chance(pass[k]) ? 'p' : chance(85) ? 'f' : 'w';
			apps[i].result[k] = r;
			apps[i].date[k] = s->d[k];
			if (k == ONSITE)	/* site visits spread over weeks */
				apps[i].date[k] = next_working(s->d[k] +
				    (long)pick(21));
			if (r != 'p')
				break;
		}
		if (apps[i].result[ONSITE] != 'p')
			continue;
		/* Art. 4: at most 5 awards and 10 nominations. */
		r = awards < 5 && chance(30) ? 'A' : noms < 10 && chance(30) ?
		    'N' : '0';
		awards += r == 'A';
		noms += r == 'N';
		apps[i].result[DELIB] = apps[i].result[APPROV] = r;
		apps[i].date[DELIB] = s->d[DELIB];
		apps[i].date[APPROV] = s->d[APPROV];
	}
}

static const char *
result_word(int r)
{
	switch (r) {
	case 'p': return "pass";
	case 'f': return "fail";
	case 'w': return "withdrawn";
	case 'A': return "award";
	case 'N': return "nomination";
	default: return "none";
	}
}

static void
write_decisions(int year, const struct app *apps, size_t n)
{
	FILE *f = open_out("%d/decisions.csv", year);
	size_t i;
	int k;

	fputs("credit_code,stage,result,date,note\n", f);
	/* Stage by stage, as the office records them. */
	for (k = REC; k <= APPROV; k++)
		for (i = 0; i < n; i++) {
			if (apps[i].result[k] == 0)
				continue;
			fprintf(f, "%s,%s,%s,%s,", apps[i].code, stage_names[k],
			    result_word(apps[i].result[k]), iso(apps[i].date[k]));
			if (apps[i].result[k] == 'f')
				csv_field(f, fail_notes[pick(N_OF(fail_notes))]);
			else if (apps[i].result[k] == 'w')
				fputs("申报组织主动撤回", f);
			fputc('\n', f);
		}
	close_out(f);
}

/* The first applicant from "from" on with result r at stage k, or n. */
static size_t
find(const struct app *apps, size_t n, size_t from, int k, int r)
{
	size_t i;

	for (i = from; i < n; i++)
		if (apps[i].result[k] == r)
			return i;
	return n;
}

/*
 * Three objections during the acceptance publicity: one from a unit,
 * unfounded; one from an individual, disqualifying (art. 13), against an
 * applicant that the material review then fails; one anonymous, not
 * accepted (art. 12).
 */
static void
write_objections(int year, struct app *apps, size_t n, const struct sched *s)
{
	FILE *f = open_out("%d/objections.csv", year);
	long rcv = s->acc + 1, fwd = add_working(rcv, 1), rep = add_working(fwd, 4);
	long dec = add_working(rep, 1), ntf = add_working(dec, 1);
	char who[64];
	size_t a, b, c;
	unsigned long k;

	fputs("id,credit_code,received,objector,objector_name,objector_address,"
	    "identity,forwarded,reported,decided,outcome,notified,note\n", f);
	/* Accepted applicants: qualification passed. */
	a = find(apps, n, 0, QUAL, 'p');
	b = find(apps, n, a + 1, QUAL, 'p');
	c = find(apps, n, b + 1, QUAL, 'p');
	if (c >= n) {
		close_out(f);
		return;
	}
	/* The disqualified one fails the material review (decided after). */
	apps[b].result[MAT] = 'f';
	for (int k = PRES; k <= APPROV; k++)
		apps[b].result[k] = 0;
	fprintf(f, "OBJ-%d-01,%s,%s,unit,乌鲁木齐样例机电设备有限公司,"
	    "乌鲁木齐市新市区样例路12号,complete,%s,%s,%s,unfounded,%s,"
	    "经调查，反映的问题已整改，异议不成立\n", year, apps[a].code,
	    iso(rcv), iso(fwd), iso(rep), iso(dec), iso(ntf));
	person(who, sizeof(who));
	fprintf(f, "OBJ-%d-02,%s,%s,individual,%s,%s示范街道3号楼501室,complete,"
	    "%s,%s,%s,disqualifying,%s,经调查，该组织近3年内停产，不符合第九条"
	    "第（二）项，异议成立，取消参评资格（第十三条）\n", year,
	    apps[b].code, iso(rcv), who, "库尔勒市", iso(fwd), iso(rep),
	    iso(dec), iso(ntf));
	fprintf(f, "OBJ-%d-03,%s,%s,individual,（未署名）,,incomplete,,,,,,"
	    "未署真实姓名，不予受理\n", year, apps[c].code, iso(rcv + 2));
	/* -o: more, unfounded, each against another accepted applicant */
	for (k = 4, a = c; k <= n_objections &&
	    (a = find(apps, n, a + 1, QUAL, 'p')) < n; k++)
		fprintf(f, "OBJ-%d-%04lu,%s,%s,unit,乌鲁木齐样例机电设备有限公司,"
		    "乌鲁木齐市新市区样例路12号,complete,%s,%s,%s,unfounded,%s,"
		    "经调查，异议不成立\n", year, k, apps[a].code, iso(rcv),
		    iso(fwd), iso(rep), iso(dec), iso(ntf));
	close_out(f);
}

/* The sanctions of one cycle, appended to sanctions.csv. */
static void
sanctions(FILE *f, int year, const struct app *apps, size_t n,
    const struct sched *s)
{
	size_t i;

	/* An old incident, outside the art. 9(3) window: no effect. */
	if ((i = find(apps, n, n / 2, QUAL, 'p')) < n)
		fprintf(f, "%s,incident,%s,,,一般生产安全事故，已结案整改\n",
		    apps[i].code, iso(s->deadline - 365L * 4));
	/* False materials found last year: failed at qualification. */
	if ((i = find(apps, n, n / 3, QUAL, 'f')) < n)
		fprintf(f, "%s,false_material,%s,,,申报材料所附检测报告系伪造"
		    "（第十九条）\n", apps[i].code, iso(s->deadline - 200));
	/* A violation after the award: revoked (art. 20). */
	for (i = 0; i < n && apps[i].result[APPROV] != 'A'; i++)
		;
	if (i < n)
		fprintf(f, "%s,violation,%s,%s,新政发〔%d〕21号,产品质量监督抽查"
		    "不合格，属严重违法情形；撤销%d年度质量奖（第二十条）\n",
		    apps[i].code, iso(s->dec + 120), iso(s->dec + 160), year + 1,
		    year);
}

int
main(int argc, char **argv)
{
	struct app *apps;
	struct sched s;
	unsigned long n, cycles, c;
	int first, year, y, opt;
	FILE *sf;

	while ((opt = getopt(argc, argv, "u:o:")) != -1) {
		if (opt == 'u')
			n_units = strtoul(optarg, NULL, 10);
		else if (opt == 'o')
			n_objections = strtoul(optarg, NULL, 10);
		else
			argc = 0;	/* usage */
	}
	argv += optind - 1;
	argc -= optind - 1;
	if (argc < 4 || argc > 5) {
		fprintf(stderr, "usage: gen [-u UNITS] [-o OBJECTIONS] "
		    "APPLICANTS CYCLES OUTDIR [FIRST_YEAR]\n");
		return 2;
	}
	n = strtoul(argv[1], NULL, 10);
	cycles = strtoul(argv[2], NULL, 10);
	outdir = argv[3];
	if (n < 50 || cycles < 1 || cycles > 400) {
		fprintf(stderr, "gen: need at least 50 applicants and 1 to 400 cycles\n");
		return 2;
	}
	first = argc == 5 ? atoi(argv[4]) : 2025 - 2 * (int)(cycles - 1);
	if (first < 1981)
		first = 1981;
	if ((apps = calloc(n, sizeof(*apps))) == NULL) {
		fprintf(stderr, "gen: out of memory\n");
		return 1;
	}
	if (mkdir(outdir, 0755) != 0 && errno != EEXIST)
		die("cannot create", outdir);
	make_dir("calendar");
	write_site();
	/* Every year a date may fall in, and the one after (revocations). */
	for (y = first - 1; y <= first + 2 * (int)(cycles - 1) + 1; y++)
		write_calendar(y);
	sf = open_out("sanctions.csv");
	fputs("credit_code,kind,date,decided,number,note\n", sf);
	for (c = 0; c < cycles; c++) {
		year = first + 2 * (int)c;
		make_dir("%d", year);
		schedule(year, &s);
		write_cycle_yaml(year, (int)c + 1, &s);
		write_orgs(year, apps, n, c * n + 1, &s);
		decide(apps, n, &s);
		write_objections(year, apps, n, &s);
		write_decisions(year, apps, n);
		sanctions(sf, year, apps, n, &s);
	}
	close_out(sf);
	free(apps);
	return 0;
}
