/*
 * Sorts the rows of table TABLE_ID when a header is clicked, again to reverse: numeric cells by
 * their data-v value (cells without one last), other cells by their text. Loading drops the
 * comments and joins the trimmed lines, so every statement ends in a semicolon or a brace.
 * No less-than sign and no ampersand: the fragment must stay well-formed XML (XHTML, SVG hosts).
 */
(function(){
  var t=document.getElementById('TABLE_ID');
  if(!t)return;
  var hs=t.tHead.rows[0].cells;
  for(var i=0;hs[i];i++)(function(i){
    var asc=false;
    hs[i].onclick=function(){
      asc=!asc;
      var b=t.tBodies[0],rs=Array.prototype.slice.call(b.rows);
      rs.sort(function(x,y){
        var a=x.cells[i],c=y.cells[i];
        var va=a.getAttribute('data-v'),vc=c.getAttribute('data-v');
        if(a.className.indexOf('num')>=0){
          if(va===null)return 1;
          if(vc===null)return -1;
          var d=parseFloat(va)-parseFloat(vc);
          return asc?d:-d;
        }
        var s=a.textContent.localeCompare(c.textContent);
        return asc?s:-s;
      });
      rs.forEach(function(r){b.appendChild(r);});
    };
  })(i);
})();
