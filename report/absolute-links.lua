-- PDF only: a link to a file published beside the report (figures/, data/, notebooks/) is made
-- absolute with the edition's URL (publication.edition-url: the report URL of
-- src/jjjhealth/catalog/publication.yml, plus zh/ for the Chinese edition), so it still works in
-- a PDF that was e-mailed. Without a report URL the links stay relative (the report says so).
local base = ""

-- "https://x.org/r/zh/../figures/a.zip" → "https://x.org/r/figures/a.zip" (never above the host)
local function resolve(url)
  local scheme_host, path = url:match("^(%a[%w+.-]*://[^/]+)(/.*)$")
  if not path then return url end
  local prev
  repeat
    prev = path
    path = path:gsub("/[^/]+/%.%./", "/", 1)
  until path == prev
  return scheme_host .. path:gsub("/%./", "/")
end

local function absolute(link)
  local t = link.target
  if base == "" or t:match("^#") or t:match("^%a[%w+.-]*:") then return nil end
  link.target = resolve(base .. t)
  return link
end

return {
  { Meta = function(meta)
      local pub = meta.publication
      local url = pub and (pub["edition-url"] or pub["report-url"])
      if url then base = pandoc.utils.stringify(url) end
    end },
  { Link = absolute },
}
