# bash completion for gongshi(1): commands, their options, folders for the
# options that take one, and the years of the content's cycles for status
# and new. Installed by `make install` into
# PREFIX/share/bash-completion/completions/gongshi.

_gongshi()
{
	local cur prev cmd opts content i
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "build check status serve new --help --version" -- "$cur"))
		return
	fi
	cmd=${COMP_WORDS[1]}
	case $prev in
	-c|--content|-t|--templates|-o|--output|--site|--archive)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	-p|--port)
		return ;;
	esac
	case $cmd in
	build)	opts="--content --templates --output --site --archive --reread --quiet --help" ;;
	check)	opts="--content --templates --json --quiet --help" ;;
	status)	opts="--content --json --color --color=auto --color=always --color=never --help" ;;
	serve)	opts="--content --templates --port --quiet --help" ;;
	new)	opts="--content --help" ;;
	*)	return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	if [ "$cmd" = status ]; then
		content=content
		for ((i = 2; i < COMP_CWORD; i++)); do
			case ${COMP_WORDS[i]} in
			-c|--content) content=${COMP_WORDS[i+1]} ;;
			--content=*) content=${COMP_WORDS[i]#--content=} ;;
			esac
		done
		COMPREPLY=($(compgen -W "$(cd "$content" 2>/dev/null && ls -d [0-9][0-9][0-9][0-9] 2>/dev/null)" -- "$cur"))
	fi
}
complete -F _gongshi gongshi
