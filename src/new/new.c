/*
 * new: `gongshi new YEAR` starts a cycle the way the office works: a
 * folder content/YEAR/ with a commented cycle.yaml and the empty registers
 * as Excel workbooks (libxlsxwriter), ready to fill in Excel, WPS or
 * LibreOffice:
 * - the header row in Chinese (the names of src/load/aliases.c), frozen;
 * - credit-code and phone columns formatted as text, so that a spreadsheet
 *   cannot turn 916540027233750093 into 9.1654E+17;
 * - date columns formatted as dates (2025/6/30);
 * - drop-down lists (data validation) for every coded column: region,
 *   stage, result, yes/no, objector, identity, outcome and kind, their
 *   items on a hidden second sheet "选项" (a list typed into the
 *   validation itself is limited to 255 characters);
 * - column widths that fit the headers and the usual values.
 * The folder is written beside its final name and renamed into place, so
 * that a failure leaves nothing half made; nothing existing is replaced.
 * content/sanctions.xlsx is added too when the content has no sanctions
 * register yet (it spans cycles).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/dynlib.h"
#include "base/i18n.h"
#include "base/util.h"
#include "compose/context.h"
#include "load/aliases.h"
#include "load/fields.h"
#include "new/new.h"

/* libxlsxwriter, opened by new_cycle (base/dynlib.h). */
#define XLSX_FUNCTIONS(F)						\
	F(format_set_align) F(format_set_bg_color) F(format_set_bold)	\
	F(format_set_border) F(format_set_num_format)			\
	F(format_set_text_wrap) F(lxw_col_to_name)			\
	F(workbook_add_format) F(workbook_add_worksheet)		\
	F(workbook_close) F(workbook_new) F(workbook_set_properties)	\
	F(worksheet_activate) F(worksheet_data_validation_range)	\
	F(worksheet_freeze_panes) F(worksheet_hide)			\
	F(worksheet_set_column) F(worksheet_set_row)			\
	F(worksheet_write_string)
#define XLSX_FN(f)	DYNLIB_FN(xl, f)

static struct { XLSX_FUNCTIONS(DYNLIB_POINTER) } xl;
static const struct dynlib_fn xlsx_fns[] = { XLSX_FUNCTIONS(XLSX_FN) };
static struct dynlib xlsx_lib = DYNLIB(GONGSHI_XLSX_SONAME, GONGSHI_XLSX_DEB,
    xlsx_fns);

#define DATA_ROWS	2000	/* rows that get the drop-downs and formats */

/*
 * libxlsxwriter 1.1.4 (Debian 12) never frees its copy of a validation's
 * formula (worksheet_data_validation_range): a few bytes per drop-down,
 * once per `gongshi new`. LeakSanitizer calls this hook, when the program
 * is built with it, so that the library's leak does not hide ours.
 */
const char	*__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:libxlsxwriter.so\n";
}

/* The formats of one workbook. */
struct formats {
	lxw_format	*header, *text, *date;
};

static void
make_formats(lxw_workbook *wb, struct formats *f)
{
	f->header = xl.workbook_add_format(wb);
	xl.format_set_bold(f->header);
	xl.format_set_bg_color(f->header, 0xDDEBF7);
	xl.format_set_border(f->header, LXW_BORDER_THIN);
	xl.format_set_text_wrap(f->header);
	xl.format_set_align(f->header, LXW_ALIGN_CENTER);
	xl.format_set_align(f->header, LXW_ALIGN_VERTICAL_CENTER);
	f->text = xl.workbook_add_format(wb);
	xl.format_set_num_format(f->text, "@");
	f->date = xl.workbook_add_format(wb);
	xl.format_set_num_format(f->date, "yyyy/m/d");
}

/* The items of a coded column's drop-down, in Chinese. */
static size_t
list_items(enum col_type t, const char **items, size_t cap)
{
	const struct word *w = alias_words(t);
	size_t n = 0;

	if (t == COL_REGION)
		return field_regions(items, cap);
	for (; w != NULL && w->en != NULL && n < cap; w++)
		items[n++] = w->zh;
	return n;
}

/*
 * Writes the items of every coded column of the register into column j of
 * the hidden sheet and sets the validation of its column to them.
 */
static void
add_dropdown(lxw_worksheet *ws, lxw_worksheet *lists, lxw_col_t j,
    lxw_col_t list_col, const struct column *c)
{
	const char *items[32];
	lxw_data_validation dv;
	char letters[8], *formula;
	size_t n, i;

	n = list_items(c->type, items, 32);
	if (n == 0)
		return;
	xl.worksheet_write_string(lists, 0, list_col, c->zh, NULL);
	for (i = 0; i < n; i++)
		xl.worksheet_write_string(lists, (lxw_row_t)(i + 1), list_col,
		    items[i], NULL);
	xl.lxw_col_to_name(letters, list_col, 0);
	formula = xasprintf("=选项!$%s$2:$%s$%zu", letters, letters, n + 1);
	memset(&dv, 0, sizeof(dv));
	dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
	dv.value_formula = formula;
	dv.show_error = LXW_VALIDATION_ON;
	dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
	dv.error_title = (char *)"gongshi";
	dv.error_message = (char *)"请从下拉列表中选择";
	xl.worksheet_data_validation_range(ws, 1, j, DATA_ROWS, j, &dv);
	free(formula);
}

/* One register: NAME.xlsx with its header, formats and drop-downs. */
static bool
write_register(const char *path, const struct register_spec *r)
{
	lxw_workbook *wb = xl.workbook_new(path);
	lxw_worksheet *ws, *lists;
	struct formats f;
	lxw_format *fmt;
	lxw_col_t j, list_col = 0;
	lxw_doc_properties props;

	if (wb == NULL)
		return false;
	make_formats(wb, &f);
	memset(&props, 0, sizeof(props));
	props.title = (char *)r->zh;
	props.comments = (char *)"gongshi new";
	xl.workbook_set_properties(wb, &props);
	ws = xl.workbook_add_worksheet(wb, r->zh);
	lists = xl.workbook_add_worksheet(wb, "选项");
	xl.worksheet_hide(lists);
	xl.worksheet_activate(ws);
	xl.worksheet_freeze_panes(ws, 1, 0);
	xl.worksheet_set_row(ws, 0, 30, NULL);
	for (j = 0; r->cols[j].name != NULL; j++) {
		const struct column *c = &r->cols[j];

		fmt = c->type == COL_DATE ? f.date : c->type == COL_CODE ||
		    c->type == COL_PHONE ? f.text : NULL;
		xl.worksheet_set_column(ws, j, j, c->width, fmt);
		xl.worksheet_write_string(ws, 0, j, c->zh, f.header);
		if (c->type != COL_TEXT && c->type != COL_CODE &&
		    c->type != COL_DATE && c->type != COL_PHONE)
			add_dropdown(ws, lists, j, list_col++, c);
	}
	return xl.workbook_close(wb) == LXW_NO_ERROR;
}

/*
 * The edition (届) of the new cycle: the newest cycle's edition plus one
 * per two years, else DESIGN.md's count (the 3rd was 2017).
 */
static int
guess_edition(const char *content_dir, int year)
{
	char *path, line[256];
	int y, best = 0, edition = 0, e;
	FILE *f;

	for (y = year - 1; y >= year - 20 && best == 0; y--) {
		path = xasprintf("%s/%d/cycle.yaml", content_dir, y);
		if ((f = fopen(path, "r")) != NULL) {
			while (fgets(line, sizeof(line), f) != NULL)
				if (sscanf(line, "edition: %d", &e) == 1) {
					best = y;
					edition = e;
				}
			fclose(f);
		}
		free(path);
	}
	if (best > 0)
		return edition + (year - best + 1) / 2;
	return 3 + (year - 2017) / 2;
}

static bool
write_cycle_yaml(const char *path, int year, int edition)
{
	FILE *f = fopen(path, "w");
	char cn[32];

	if (f == NULL)
		return false;
	cn_number(edition, cn);
	fprintf(f,
	    "# 第%s届新疆质量奖（%d年度）。gongshi new 生成；届次请核对。\n"
	    "# 每到一个环节，办公室在 notices 下加上该环节的一行：\n"
	    "#   date 为发布日期（公示为公示期第一天），until 可省略\n"
	    "#   （省略时按 content/calendar/ 的工作日计算公示期）。\n"
	    "year: %d\n"
	    "edition: %d\n"
	    "application_deadline: %d-06-30        # 申报材料报送截止日\n"
	    "notices:\n"
	    "  call:           { date: %d-04-01, number: 新质强办〔%d〕1号 }\n"
	    "  # recommendation: { date: %d-06-16 }   # 审核推荐公示\n"
	    "  # acceptance:     { date: %d-07-15 }   # 受理名单公示\n"
	    "  # presentation:   { date: %d-08-20 }   # 进入陈述答辩名单\n"
	    "  # onsite:         { date: %d-09-25 }   # 进入现场评审名单\n"
	    "  # proposal:       { date: %d-11-20 }   # 获奖建议名单公示\n"
	    "  # decision:       { date: %d-12-20, number: 新政发〔%d〕号 }\n",
	    cn, year, year, edition, year, year, year, year, year, year,
	    year, year, year, year);
	return fclose(f) == 0;
}

static bool
any_form(const char *dir, const char *name)
{
	static const char *const ext[] = { "csv", "xlsx", "ods" };
	char *path;
	bool found = false;
	size_t i;

	for (i = 0; i < 3 && !found; i++) {
		path = xasprintf("%s/%s.%s", dir, name, ext[i]);
		found = file_exists(path);
		free(path);
	}
	return found;
}

/* Writes the cycle's files into tmp; false, with errno, on failure. */
static bool
write_cycle(const char *tmp, int year, int edition)
{
	const struct register_spec *regs[] = {
		&reg_organizations, &reg_decisions, &reg_objections
	};
	char *path;
	bool ok;
	size_t i;

	path = path_join(tmp, "cycle.yaml");
	ok = write_cycle_yaml(path, year, edition);
	free(path);
	for (i = 0; ok && i < 3; i++) {
		path = xasprintf("%s/%s.xlsx", tmp, regs[i]->name);
		ok = write_register(path, regs[i]);
		free(path);
	}
	return ok;
}

static void
remove_tree(const char *tmp)
{
	static const char *const files[] = { "cycle.yaml",
	    "organizations.xlsx", "decisions.xlsx", "objections.xlsx", NULL };
	char *path;
	size_t i;

	for (i = 0; files[i] != NULL; i++) {
		path = path_join(tmp, files[i]);
		(void)unlink(path);
		free(path);
	}
	(void)rmdir(tmp);
}

int
new_cycle(const char *content_dir, int year)
{
	char *dir, *tmp, *sanctions;
	int rc = 0;

	if (year < 2000 || year > 2999) {
		fprintf(stderr, _("gongshi: %d is not a cycle's year; give the "
		    "year like 2027\n"), year);
		return EXIT_USAGE;
	}
	if (!dir_exists(content_dir)) {
		fprintf(stderr, _("gongshi: %s: no such folder; create the "
		    "content folder first, or name it with --content\n"),
		    content_dir);
		return EXIT_USAGE;
	}
	if (!dynlib_load(&xlsx_lib, "gongshi new"))
		return EXIT_SYSTEM;
	dir = xasprintf("%s/%d", content_dir, year);
	tmp = xasprintf("%s/.%d.new", content_dir, year);
	if (file_exists(dir) || dir_exists(dir)) {
		fprintf(stderr, _("gongshi: %s exists already; new never "
		    "overwrites: remove or rename it first\n"), dir);
		rc = EXIT_USAGE;
	} else if (remove_tree(tmp), mkdir(tmp, 0777) != 0 ||
	    !write_cycle(tmp, year, guess_edition(content_dir, year)) ||
	    rename(tmp, dir) != 0) {
		fprintf(stderr, _("gongshi: cannot write %s: %s\n"), dir,
		    strerror(errno));
		remove_tree(tmp);
		rc = EXIT_SYSTEM;
	} else {
		printf(_("gongshi: wrote %s: cycle.yaml, organizations.xlsx, "
		    "decisions.xlsx, objections.xlsx\n"), dir);
		if (!any_form(content_dir, "sanctions")) {
			sanctions = path_join(content_dir, "sanctions.xlsx");
			if (write_register(sanctions, &reg_sanctions))
				printf(_("gongshi: wrote %s\n"), sanctions);
			free(sanctions);
		}
	}
	free(dir);
	free(tmp);
	return rc;
}
