#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "load/fields.h"

bool
field_yesno(const char *s, enum yesno *out)
{
	static const char *const yes[] = { "yes", "y", "是", "true", NULL };
	static const char *const no[] = { "no", "n", "否", "false", NULL };
	size_t i;

	if (*s == '\0') {
		*out = YESNO_UNSET;
		return true;
	}
	for (i = 0; yes[i] != NULL; i++)
		if (strcasecmp(s, yes[i]) == 0) {
			*out = YESNO_YES;
			return true;
		}
	for (i = 0; no[i] != NULL; i++)
		if (strcasecmp(s, no[i]) == 0) {
			*out = YESNO_NO;
			return true;
		}
	return false;
}

/* The divisions, in the order of the region's official lists. */
static const char *const regions[] = {
	"乌鲁木齐市", "克拉玛依市", "吐鲁番市", "哈密市",
	"昌吉回族自治州", "博尔塔拉蒙古自治州", "巴音郭楞蒙古自治州",
	"阿克苏地区", "克孜勒苏柯尔克孜自治州", "喀什地区", "和田地区",
	"伊犁哈萨克自治州", "塔城地区", "阿勒泰地区", "新疆生产建设兵团",
	NULL
};

bool
field_region(const char *s)
{
	size_t i;

	for (i = 0; regions[i] != NULL; i++)
		if (strcmp(s, regions[i]) == 0)
			return true;
	return false;
}

const char *
field_region_list(void)
{
	return "乌鲁木齐市、克拉玛依市、吐鲁番市、哈密市、昌吉回族自治州、"
	    "博尔塔拉蒙古自治州、巴音郭楞蒙古自治州、阿克苏地区、"
	    "克孜勒苏柯尔克孜自治州、喀什地区、和田地区、伊犁哈萨克自治州、"
	    "塔城地区、阿勒泰地区 or 新疆生产建设兵团";
}

static const char credit_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

bool
field_credit_code(const char *s, char *expected, const char **why)
{
	const char *p;
	int i, sum = 0, w = 1, check;

	*why = NULL;
	if (strlen(s) != 18) {
		*why = "must be 18 characters";
		return false;
	}
	for (i = 0; i < 18; i++) {
		if ((p = strchr(credit_alphabet, s[i])) == NULL || s[i] == '\0') {
			*why = islower((unsigned char)s[i]) ?
			    "letters must be capitals" :
			    "may hold only 0-9 and the capitals A-Y except I, O, S, V, Z";
			return false;
		}
		if (i < 17) {
			sum += (int)(p - credit_alphabet) * w;
			w = w * 3 % 31;
		}
	}
	check = 31 - sum % 31;
	if (check == 31)
		check = 0;
	*expected = credit_alphabet[check];
	return s[17] == *expected;
}

bool
field_uint(const char *s, int *out)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return false;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v > 1000000)
		return false;
	*out = (int)v;
	return true;
}

bool
field_year_name(const char *name, const char *suffix, int *year)
{
	size_t i;

	for (i = 0; i < 4; i++)
		if (name[i] < '0' || name[i] > '9')
			return false;
	if (strcmp(name + 4, suffix) != 0)
		return false;
	*year = (name[0] - '0') * 1000 + (name[1] - '0') * 100 +
	    (name[2] - '0') * 10 + (name[3] - '0');
	return *year >= 1900;
}
